/**
 * Payloads captured from OpenInference JS (test/capture/openinference.ts): the OpenAI
 * instrumentation around the real `openai` client on a local fake server, and the
 * openinference-core helpers for the other span kinds, mapped by us.
 */
import { describe, expect, it } from "vitest";
import { byName, mapFixture, roles } from "./support/fixtures";

describe("OpenInference JS", () => {
  const spans = mapFixture("openinference/agent-pipeline.json");
  const llm = spans.filter((s) => s.name === "OpenAI Chat Completions").sort((a, b) => a.startTimeUs - b.startTimeUs);

  it("span kinds: CHAIN, AGENT, TOOL, LLM, RETRIEVER, RERANKER, GUARDRAIL, EVALUATOR, PROMPT", () => {
    expect(byName(spans, "weather-pipeline").kind).toBe("chain");
    expect(byName(spans, "weather-agent").kind).toBe("agent");
    expect(byName(spans, "get_weather").kind).toBe("tool");
    expect(byName(spans, "retrieve").kind).toBe("retrieval");
    expect(byName(spans, "rerank").kind).toBe("reranker");
    expect(byName(spans, "pii-guard").kind).toBe("guardrail");
    expect(byName(spans, "helpfulness").kind).toBe("evaluator");
    expect(byName(spans, "render-prompt").kind).toBe("span");
    expect(llm.map((s) => s.kind)).toEqual(["generation", "generation"]);
    for (const span of spans) expect(span.mappedFrom.kind).toBe("openinference");
  });

  it("LLM: model, provider, token counts with details, invocation parameters", () => {
    for (const call of llm) {
      expect(call).toMatchObject({ model: "gpt-4o-mini-2025-01-01", provider: "openai", usage: { input: 52, output: 17, total: 69, cacheRead: 32, reasoning: 5 } });
      expect(call.mappedFrom).toMatchObject({ model: "openinference", "usage.reasoning": "openinference", input: "openinference", output: "openinference" });
      expect(call.usageRollup).toBeUndefined();
    }
    expect(llm[0]!.modelParameters).toMatchObject({ model: "gpt-4o-mini", temperature: 0.1, max_tokens: 256 });
  });

  it("flattened messages: multimodal contents, tool calls out, tool results in; output never in input", () => {
    expect(llm[0]!.input).toEqual([
      { role: "system", content: "You are a weather assistant." },
      { role: "user", content: "What is the weather in Lisbon?\n[image: https://example.com/lisbon.png]" },
    ]);
    // llm.finish_reason is span-level: it completes the output message.
    expect(llm[0]!.output).toEqual([
      {
        role: "assistant",
        content: null,
        toolCalls: [{ id: "call_weather_1", name: "get_weather", arguments: '{"city":"Lisbon"}' }],
        finishReason: "tool_calls",
      },
    ]);
    expect(roles(llm[1]!.input)).toEqual(["system", "user", "assistant", "tool"]);
    expect((llm[1]!.input as { toolCallId?: string }[])[3]!.toolCallId).toBe("call_weather_1");
    expect(llm[1]!.output).toEqual([{ role: "assistant", content: "Lisbon is sunny, 24°C.", finishReason: "stop" }]);
  });

  it("retrieval and reranker documents; tool input/output as JSON", () => {
    expect(byName(spans, "retrieve").documents).toEqual([
      { id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.92, metadata: { source: "guide.md" } },
      { id: "doc-2", content: "Pack light clothes.", score: 0.61, metadata: { source: "faq.md" } },
    ]);
    const rerank = byName(spans, "rerank");
    expect(rerank).toMatchObject({ model: "rerank-english-v3.0", input: "What is the weather in Lisbon?" });
    expect(rerank.documents).toEqual([{ id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.99 }]);
    expect(byName(spans, "get_weather")).toMatchObject({ input: { city: "Lisbon" }, output: { city: "Lisbon", forecast: "sunny" } });
  });

  it("session, user and tags from the context helpers on every span", () => {
    for (const span of spans) {
      expect(span).toMatchObject({ sessionId: "oi-session-1", userId: "oi-user-1", tags: ["weather", "fixture"] });
      expect(span.mappedFrom).toMatchObject({ sessionId: "openinference", userId: "openinference", tags: "openinference" });
      // metadata and the prompt template have no canonical field: kept as received.
      expect(span.attributes).toMatchObject({ metadata: '{"tenant":"acme","plan":"pro"}', "llm.prompt_template.version": "v3" });
    }
  });

  it("embeddings: model and the embedded texts as input", () => {
    const [embedding] = mapFixture("openinference/embeddings.json");
    expect(embedding).toMatchObject({ kind: "embedding", model: "text-embedding-3-small", input: ["sunny Lisbon", "rainy Porto"] });
  });
});
