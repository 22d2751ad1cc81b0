import { describe, expect, it } from "vitest";
import { SL, type CanonicalSpan } from "../src/index";
import { mapOne } from "./support/build";

type Case = [name: string, attributes: Record<string, unknown>, expected: Partial<CanonicalSpan>, resource?: Record<string, unknown>];

const json = (v: unknown): string => JSON.stringify(v);

describe("sightline.* (our SDK)", () => {
  const cases: Case[] = [
    [
      "a generation",
      {
        [SL.kind]: "generation",
        [SL.model]: "gpt-4o-mini",
        [SL.provider]: "openai",
        [SL.input]: json([{ role: "user", content: "Hi" }]),
        [SL.output]: json({ role: "assistant", content: "Hello" }),
        [SL.modelParameters]: json({ temperature: 0.1 }),
        [SL.usageInput]: 12,
        [SL.usageOutput]: 3,
        [SL.usageCacheRead]: 4,
        [SL.usageReasoning]: 1,
        [SL.cost]: 0.00042,
      },
      {
        kind: "generation",
        model: "gpt-4o-mini",
        provider: "openai",
        input: [{ role: "user", content: "Hi" }],
        output: [{ role: "assistant", content: "Hello" }],
        modelParameters: { temperature: 0.1 },
        usage: { input: 12, output: 3, total: 15, cacheRead: 4, reasoning: 1 },
        cost: 0.00042,
        mappedFrom: expect.objectContaining({ kind: "sightline", model: "sightline", input: "sightline", cost: "sightline" }),
      },
    ],
    [
      "a retrieval",
      {
        [SL.kind]: "retrieval",
        [SL.retrievalQuery]: "what is RAG?",
        [SL.retrievalDocuments]: json([{ id: "d1", content: "RAG is…", score: 0.9, metadata: { source: "wiki" } }]),
      },
      { kind: "retrieval", input: "what is RAG?", documents: [{ id: "d1", content: "RAG is…", score: 0.9, metadata: { source: "wiki" } }] },
    ],
    [
      "trace-level attributes",
      {
        [SL.userId]: "u-1",
        [SL.sessionId]: "s-1",
        [SL.release]: "r-7",
        [SL.version]: "v2",
        [SL.environment]: "staging",
        [SL.tags]: ["a", "b"],
      },
      { userId: "u-1", sessionId: "s-1", release: "r-7", version: "v2", environment: "staging", tags: ["a", "b"] },
    ],
    [
      "sightline wins over every other convention",
      {
        [SL.model]: "ours",
        "gen_ai.request.model": "theirs",
        "llm.model_name": "openinference",
        [SL.sessionId]: "ours-session",
        "gen_ai.conversation.id": "conv",
        "session.id": "oi-session",
      },
      { model: "ours", sessionId: "ours-session", mappedFrom: expect.objectContaining({ model: "sightline", sessionId: "sightline" }) },
    ],
    [
      "JSON-encoded plain values keep no quotes; text that is not JSON stays as it is",
      { [SL.input]: json("plain question"), [SL.output]: "not json {" },
      { input: "plain question", output: "not json {" },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected, resource) => {
    expect(mapOne(attributes, {}, resource)).toMatchObject(expected);
  });
});

describe("OTel GenAI (gen_ai.*)", () => {
  it.each([
    ["chat", "generation"],
    ["text_completion", "generation"],
    ["generate_content", "generation"],
    ["embeddings", "embedding"],
    ["retrieval", "retrieval"],
    ["execute_tool", "tool"],
    ["create_agent", "agent"],
    ["invoke_agent", "agent"],
    ["invoke_workflow", "chain"],
  ])("gen_ai.operation.name %s → kind %s", (operation, kind) => {
    const s = mapOne({ "gen_ai.operation.name": operation });
    expect(s.kind).toBe(kind);
    expect(s.mappedFrom.kind).toBe("gen_ai");
  });

  const cases: Case[] = [
    [
      "new names: provider, response model over request model, usage, parameters",
      {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "anthropic",
        "gen_ai.system": "old-system",
        "gen_ai.request.model": "claude-x",
        "gen_ai.response.model": "claude-x-2025",
        "gen_ai.usage.input_tokens": 100,
        "gen_ai.usage.output_tokens": 20,
        "gen_ai.usage.cache_read.input_tokens": 60,
        "gen_ai.usage.reasoning.output_tokens": 5,
        "gen_ai.request.temperature": 0.7,
        "gen_ai.request.max_tokens": 256,
        "gen_ai.request.stop_sequences": ["\n\n"],
      },
      {
        provider: "anthropic",
        model: "claude-x-2025",
        usage: { input: 100, output: 20, total: 120, cacheRead: 60, reasoning: 5 },
        modelParameters: { temperature: 0.7, max_tokens: 256, stop_sequences: ["\n\n"] },
        mappedFrom: expect.objectContaining({ provider: "gen_ai", model: "gen_ai", "usage.input": "gen_ai", modelParameters: "gen_ai" }),
      },
    ],
    [
      "old names: gen_ai.system, prompt_tokens / completion_tokens",
      { "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4", "gen_ai.usage.prompt_tokens": 7, "gen_ai.usage.completion_tokens": 3 },
      { provider: "openai", model: "gpt-4", usage: { input: 7, output: 3, total: 10, cacheRead: 0, reasoning: 0 }, kind: "generation" },
    ],
    [
      "structured messages with parts, system instructions and tool calls",
      {
        "gen_ai.operation.name": "chat",
        "gen_ai.system_instructions": json([{ type: "text", content: "Be brief." }]),
        "gen_ai.input.messages": json([
          { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
          { role: "assistant", parts: [{ type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }] },
          { role: "tool", parts: [{ type: "tool_call_response", id: "call_1", response: "rainy, 57°F" }] },
        ]),
        "gen_ai.output.messages": json([
          { role: "assistant", parts: [{ type: "text", content: "It is rainy." }], finish_reason: "stop" },
        ]),
      },
      {
        input: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Paris?" },
          { role: "assistant", content: null, toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }] },
          { role: "tool", content: "rainy, 57°F", toolCallId: "call_1" },
        ],
        output: [{ role: "assistant", content: "It is rainy.", finishReason: "stop" }],
      },
    ],
    [
      "messages as structured (kvlist) values rather than JSON text",
      {
        "gen_ai.input.messages": [{ role: "user", parts: [{ type: "text", content: "structured" }] }],
        "gen_ai.output.messages": [{ role: "assistant", parts: [{ type: "text", content: "yes" }] }],
      },
      { input: [{ role: "user", content: "structured" }], output: [{ role: "assistant", content: "yes" }] },
    ],
    [
      "retrieval query and documents",
      {
        "gen_ai.operation.name": "retrieval",
        "gen_ai.retrieval.query.text": "capital of France",
        "gen_ai.retrieval.documents": json([{ id: "doc-1", score: 0.83, content: "Paris…" }, { id: "doc-2", score: 0.5 }]),
      },
      { kind: "retrieval", input: "capital of France", documents: [{ id: "doc-1", score: 0.83, content: "Paris…" }, { id: "doc-2", score: 0.5 }] },
    ],
    [
      "tool call arguments and result",
      { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.call.arguments": json({ q: 1 }), "gen_ai.tool.call.result": "42" },
      { kind: "tool", input: { q: 1 }, output: "42" },
    ],
    [
      "conversation id → session",
      { "gen_ai.conversation.id": "conv-9" },
      { sessionId: "conv-9", mappedFrom: expect.objectContaining({ sessionId: "gen_ai" }) },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected, resource) => {
    expect(mapOne(attributes, {}, resource)).toMatchObject(expected);
  });

  it("only output messages: nothing lands in input", () => {
    const s = mapOne({ "gen_ai.output.messages": json([{ role: "assistant", parts: [{ type: "text", content: "out" }] }]), "output.value": "x" });
    expect(s.input).toBeNull();
    expect(s.output).toEqual([{ role: "assistant", content: "out" }]);
  });
});

describe("OpenInference", () => {
  it.each([
    ["LLM", "generation"],
    ["EMBEDDING", "embedding"],
    ["CHAIN", "chain"],
    ["RETRIEVER", "retrieval"],
    ["RERANKER", "reranker"],
    ["TOOL", "tool"],
    ["AGENT", "agent"],
    ["GUARDRAIL", "guardrail"],
    ["EVALUATOR", "evaluator"],
    ["PROMPT", "span"],
  ])("openinference.span.kind %s → kind %s", (spanKind, kind) => {
    const s = mapOne({ "openinference.span.kind": spanKind });
    expect(s.kind).toBe(kind);
    expect(s.mappedFrom.kind).toBe("openinference");
  });

  const cases: Case[] = [
    [
      "an LLM span with flattened messages, tool calls and token counts",
      {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o",
        "llm.provider": "openai",
        "llm.system": "openai-system",
        "llm.invocation_parameters": json({ temperature: 0 }),
        "llm.input_messages.0.message.role": "system",
        "llm.input_messages.0.message.content": "You are helpful.",
        "llm.input_messages.1.message.role": "user",
        "llm.input_messages.1.message.content": "Add 2 and 3",
        "llm.input_messages.10.message.role": "tool",
        "llm.input_messages.10.message.content": "5",
        "llm.input_messages.10.message.tool_call_id": "c1",
        "llm.input_messages.2.message.role": "assistant",
        "llm.input_messages.2.message.tool_calls.0.tool_call.id": "c1",
        "llm.input_messages.2.message.tool_calls.0.tool_call.function.name": "add",
        "llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments": '{"a":2,"b":3}',
        "llm.output_messages.0.message.role": "assistant",
        "llm.output_messages.0.message.content": "5",
        "llm.token_count.prompt": 30,
        "llm.token_count.completion": 2,
        "llm.token_count.total": 33,
        "llm.token_count.prompt_details.cache_read": 10,
        "llm.token_count.completion_details.reasoning": 1,
        "input.value": json({ messages: "raw request" }),
        "input.mime_type": "application/json",
        "output.value": "raw response",
      },
      {
        kind: "generation",
        model: "gpt-4o",
        provider: "openai",
        modelParameters: { temperature: 0 },
        input: [
          { role: "system", content: "You are helpful." },
          { role: "user", content: "Add 2 and 3" },
          { role: "assistant", content: null, toolCalls: [{ id: "c1", name: "add", arguments: '{"a":2,"b":3}' }] },
          { role: "tool", content: "5", toolCallId: "c1" },
        ],
        output: [{ role: "assistant", content: "5" }],
        usage: { input: 30, output: 2, total: 33, cacheRead: 10, reasoning: 1 },
        mappedFrom: expect.objectContaining({ input: "openinference", output: "openinference", "usage.total": "openinference" }),
      },
    ],
    [
      "input.value / output.value: JSON parsed when declared or when it parses, text kept",
      {
        "openinference.span.kind": "CHAIN",
        "input.value": '{"question":"why?"}',
        "output.value": "because",
        "output.mime_type": "text/plain",
      },
      { kind: "chain", input: { question: "why?" }, output: "because" },
    ],
    [
      "a retriever with documents (metadata as JSON text)",
      {
        "openinference.span.kind": "RETRIEVER",
        "input.value": "query text",
        "retrieval.documents.0.document.id": "a",
        "retrieval.documents.0.document.content": "alpha",
        "retrieval.documents.0.document.score": 0.9,
        "retrieval.documents.0.document.metadata": json({ page: 1 }),
        "retrieval.documents.1.document.id": "b",
        "retrieval.documents.1.document.content": "beta",
        "retrieval.documents.1.document.score": 0.4,
      },
      {
        kind: "retrieval",
        input: "query text",
        documents: [
          { id: "a", content: "alpha", score: 0.9, metadata: { page: 1 } },
          { id: "b", content: "beta", score: 0.4 },
        ],
      },
    ],
    [
      "session, user, tags",
      { "session.id": "sess", "user.id": "user", "tag.tags": ["x", "y"] },
      { sessionId: "sess", userId: "user", tags: ["x", "y"], mappedFrom: expect.objectContaining({ userId: "openinference", tags: "openinference" }) },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected, resource) => {
    expect(mapOne(attributes, {}, resource)).toMatchObject(expected);
  });
});

describe("OpenLLMetry and Langfuse", () => {
  const cases: Case[] = [
    [
      "OpenLLMetry indexed prompts and completions",
      {
        "llm.request.type": "chat",
        "gen_ai.system": "openai",
        "gen_ai.request.model": "gpt-3.5-turbo",
        "gen_ai.prompt.0.role": "user",
        "gen_ai.prompt.0.content": "Tell a joke",
        "gen_ai.completion.0.role": "assistant",
        "gen_ai.completion.0.content": "A joke.",
        "gen_ai.completion.0.finish_reason": "stop",
        "llm.usage.total_tokens": 9,
      },
      {
        kind: "generation",
        input: [{ role: "user", content: "Tell a joke" }],
        output: [{ role: "assistant", content: "A joke.", finishReason: "stop" }],
        usage: { input: 0, output: 0, total: 9, cacheRead: 0, reasoning: 0 },
        mappedFrom: expect.objectContaining({ kind: "openllmetry", input: "openllmetry", output: "openllmetry" }),
      },
    ],
    [
      "traceloop span kinds and entity input/output",
      { "traceloop.span.kind": "workflow", "traceloop.entity.input": json({ inputs: { q: 1 } }), "traceloop.entity.output": json({ outputs: 2 }) },
      { kind: "chain", input: { inputs: { q: 1 } }, output: { outputs: 2 } },
    ],
    [
      "Langfuse observation attributes",
      {
        "langfuse.observation.type": "generation",
        "langfuse.observation.model.name": "gpt-4.1",
        "langfuse.observation.input": json([{ role: "user", content: "hey" }]),
        "langfuse.observation.output": json("hello"),
        "langfuse.observation.usage_details": json({ input: 5, output: 6 }),
        "langfuse.observation.cost_details": json({ input: 0.001, output: 0.002 }),
        "langfuse.observation.level": "ERROR",
        "langfuse.observation.status_message": "rate limited",
        "langfuse.environment": "prod",
        "langfuse.release": "2025.06",
        "langfuse.trace.tags": ["t1"],
      },
      {
        kind: "generation",
        model: "gpt-4.1",
        input: [{ role: "user", content: "hey" }],
        output: "hello",
        usage: { input: 5, output: 6, total: 11, cacheRead: 0, reasoning: 0 },
        cost: 0.003,
        status: "error",
        statusMessage: "rate limited",
        environment: "prod",
        release: "2025.06",
        tags: ["t1"],
        mappedFrom: expect.objectContaining({ status: "langfuse", kind: "langfuse" }),
      },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected, resource) => {
    expect(mapOne(attributes, {}, resource)).toMatchObject(expected);
  });
});

describe("OTel basics", () => {
  it("status code, error wins, resource service / environment / version, scope, events", () => {
    const s = mapOne(
      { "error.type": "TimeoutError" },
      {
        status: { code: 1, message: "" },
        events: [{ timeUnixNano: 1_748_779_199_000_000_123n, name: "exception", attributes: { "exception.message": "timed out" } }],
      },
      { "service.name": "api", "service.version": "3.1.0", "deployment.environment": "canary" },
    );
    expect(s).toMatchObject({
      status: "error",
      statusMessage: "timed out",
      serviceName: "api",
      scopeName: "test-scope",
      version: "3.1.0",
      environment: "canary",
      events: [{ name: "exception", timeUs: 1_748_779_199_000_000, attributes: { "exception.message": "timed out" } }],
      resourceAttributes: { "service.name": "api", "service.version": "3.1.0", "deployment.environment": "canary" },
    });
    expect(s.mappedFrom).toMatchObject({ status: "otel", version: "otel", environment: "otel" });
  });

  it.each([
    [0, "unset"],
    [1, "ok"],
    [2, "error"],
  ] as const)("status code %i → %s", (code, status) => {
    expect(mapOne({}, { status: { code, message: code === 2 ? "bad" : "" } })).toMatchObject({ status, statusMessage: code === 2 ? "bad" : "" });
  });

  it("deployment.environment.name is preferred over deployment.environment", () => {
    expect(mapOne({}, {}, { "deployment.environment.name": "new", "deployment.environment": "old" }).environment).toBe("new");
  });

  it("unknown attributes are all kept, with flattened keys", () => {
    const attributes = { "custom.thing": "x", "http.status_code": 200, "llm.input_messages.0.message.role": "user", nested: { a: 1 } };
    expect(mapOne(attributes).attributes).toEqual(attributes);
  });

  it("a value the input or output holds whole is stored once; message lists stay as received", () => {
    const messages = JSON.stringify([{ role: "user", parts: [{ type: "text", content: "hi" }, { type: "reasoning", content: "r" }] }]);
    const s = mapOne({ "input.value": '{"q":1}', "output.value": "done", "gen_ai.input.messages": messages, other: 1 });
    expect(s.input).toEqual([{ role: "user", content: "hi" }]);
    expect(s.output).toBe("done");
    expect(s.attributes).toEqual({ "input.value": '{"q":1}', "gen_ai.input.messages": messages, other: 1 });
  });

  it("defaults: kind span, zero usage, no cost, null input/output", () => {
    expect(mapOne({})).toMatchObject({
      kind: "span",
      usage: { input: 0, output: 0, total: 0, cacheRead: 0, reasoning: 0 },
      cost: null,
      input: null,
      output: null,
      documents: [],
      modelParameters: {},
      mappedFrom: {},
    });
  });

  it("a span with a model and token usage but no kind is a generation", () => {
    const s = mapOne({ "llm.model_name": "m", "llm.token_count.prompt": 3 });
    expect(s.kind).toBe("generation");
    expect(s.mappedFrom.kind).toBe("openinference");
  });

  it("a model without usage stays a plain span", () => {
    expect(mapOne({ "gen_ai.request.model": "m" }).kind).toBe("span");
  });
});
