/**
 * OTel GenAI content carried by span events (the deprecated per-message events, gen_ai.choice,
 * the older gen_ai.content.* events, the newer inference operation details event), evaluation
 * result events, and the GenAI attributes added after the base table: cache creation tokens,
 * tool definitions, output type, agent steps. Both wire formats.
 */
import { describe, expect, it } from "vitest";
import { FORMATS, ingest, NOW_NS, request, span } from "./support/build";

const at = (ms: number) => NOW_NS - 2_000_000_000n + BigInt(ms) * 1_000_000n;
const json = (v: unknown) => JSON.stringify(v);

type Event = { name: string; attributes: Record<string, unknown> };
const mapWithEvents = (attributes: Record<string, unknown>, events: Event[], format: (typeof FORMATS)[number]) =>
  ingest(request([span({ attributes, events: events.map((e, i) => ({ ...e, timeUnixNano: at(i) })) })]), format).spans[0]!;

describe.each(FORMATS)("GenAI events (%s)", (format) => {
  const cases: [string, Record<string, unknown>, Event[], Record<string, unknown>][] = [
    [
      "deprecated message events → input, gen_ai.choice → output (in index order)",
      { "gen_ai.operation.name": "chat", "gen_ai.system": "openai" },
      [
        { name: "gen_ai.system.message", attributes: { "gen_ai.system": "openai", content: "Be brief." } },
        { name: "gen_ai.user.message", attributes: { content: "Weather in Lisbon?" } },
        {
          name: "gen_ai.assistant.message",
          attributes: { tool_calls: json([{ id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Lisbon"}' } }]) },
        },
        { name: "gen_ai.tool.message", attributes: { id: "c1", content: json({ forecast: "sunny" }) } },
        { name: "gen_ai.choice", attributes: { index: 1, finish_reason: "length", message: json({ role: "assistant", content: "Second." }) } },
        { name: "gen_ai.choice", attributes: { index: 0, finish_reason: "stop", message: { role: "assistant", content: "Sunny." } } },
      ],
      {
        input: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in Lisbon?" },
          { role: "assistant", content: null, toolCalls: [{ id: "c1", name: "weather", arguments: '{"city":"Lisbon"}' }] },
          { role: "tool", content: '{"forecast":"sunny"}', toolCallId: "c1" },
        ],
        output: [
          { role: "assistant", content: "Sunny.", finishReason: "stop" },
          { role: "assistant", content: "Second.", finishReason: "length" },
        ],
        mappedFrom: expect.objectContaining({ input: "gen_ai", output: "gen_ai" }),
      },
    ],
    [
      "gen_ai.client.inference.operation.details event carries the content attributes",
      { "gen_ai.operation.name": "chat" },
      [
        {
          name: "gen_ai.client.inference.operation.details",
          attributes: {
            "gen_ai.system_instructions": json([{ type: "text", content: "Be brief." }]),
            "gen_ai.input.messages": json([{ role: "user", parts: [{ type: "text", content: "Hi" }] }]),
            "gen_ai.output.messages": json([{ role: "assistant", parts: [{ type: "text", content: "Hello" }], finish_reason: "stop" }]),
          },
        },
      ],
      {
        input: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi" },
        ],
        output: [{ role: "assistant", content: "Hello", finishReason: "stop" }],
      },
    ],
    [
      "older gen_ai.content.prompt / gen_ai.content.completion events",
      { "gen_ai.operation.name": "text_completion" },
      [
        { name: "gen_ai.content.prompt", attributes: { "gen_ai.prompt": json([{ role: "user", content: "Say hi" }]) } },
        { name: "gen_ai.content.completion", attributes: { "gen_ai.completion": json([{ role: "assistant", content: "hi" }]) } },
      ],
      { input: [{ role: "user", content: "Say hi" }], output: [{ role: "assistant", content: "hi" }] },
    ],
    [
      "attributes win over events (first non-empty, attributes before events)",
      { "gen_ai.input.messages": json([{ role: "user", parts: [{ type: "text", content: "from attribute" }] }]) },
      [{ name: "gen_ai.user.message", attributes: { content: "from event" } }],
      { input: [{ role: "user", content: "from attribute" }] },
    ],
    [
      "evaluation result events → evaluations",
      {},
      [
        {
          name: "gen_ai.evaluation.result",
          attributes: {
            "gen_ai.evaluation.name": "relevance",
            "gen_ai.evaluation.score.value": 0.8,
            "gen_ai.evaluation.score.label": "relevant",
            "gen_ai.evaluation.explanation": "mentions Lisbon",
          },
        },
        { name: "gen_ai.evaluation.result", attributes: { "gen_ai.evaluation.name": "toxicity", "gen_ai.evaluation.score.value": "0" } },
        { name: "gen_ai.evaluation.result", attributes: { "gen_ai.evaluation.score.value": 1 } },
      ],
      {
        evaluations: [
          { name: "relevance", score: 0.8, label: "relevant", explanation: "mentions Lisbon" },
          { name: "toxicity", score: 0 },
        ],
        mappedFrom: expect.objectContaining({ evaluations: "gen_ai" }),
      },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, events, expected) => {
    expect(mapWithEvents(attributes, events, format)).toMatchObject(expected);
  });

  it("events are kept as received", () => {
    const s = mapWithEvents({}, [{ name: "gen_ai.user.message", attributes: { content: "Hi" } }], format);
    expect(s.events).toEqual([{ name: "gen_ai.user.message", timeUs: expect.any(Number), attributes: { content: "Hi" } }]);
  });
});

describe("GenAI attributes beyond the base table", () => {
  it.each([
    ["gen_ai.response.finish_reasons (one per choice)", { "gen_ai.response.finish_reasons": ["stop", "length"] }, ["stop", "length"]],
    ["OpenInference llm.finish_reason", { "llm.finish_reason": "tool_calls" }, ["tool_calls", undefined]],
    ["Vercel ai.response.finishReason", { "ai.response.finishReason": "stop" }, ["stop", undefined]],
  ])("output messages without a finish reason take %s", (_name, attributes, expected) => {
    const s = ingest(
      request([
        span({
          attributes: {
            ...attributes,
            "gen_ai.output.messages": json([
              { role: "assistant", parts: [{ type: "text", content: "a" }] },
              { role: "assistant", parts: [{ type: "text", content: "b" }] },
            ]),
          },
        }),
      ]),
    ).spans[0]!;
    expect((s.output as { finishReason?: string }[]).map((m) => m.finishReason)).toEqual(expected);
  });

  it("a finish reason already on the message is kept; non-message outputs are untouched", () => {
    const [kept, data] = ingest(
      request([
        span({
          attributes: {
            "gen_ai.response.finish_reasons": ["length"],
            "gen_ai.output.messages": json([{ role: "assistant", parts: [{ type: "text", content: "a" }], finish_reason: "stop" }]),
          },
        }),
        span({ attributes: { "llm.finish_reason": "stop", "output.value": json([1, 2]), "output.mime_type": "application/json" } }),
      ]),
    ).spans;
    expect(kept!.output).toEqual([{ role: "assistant", content: "a", finishReason: "stop" }]);
    expect(data!.output).toEqual([1, 2]);
  });

  it.each(FORMATS)("cache creation tokens, tool definitions, output type, agent steps (%s)", (format) => {
    const [chat, step] = ingest(
      request([
        span({
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": "claude-sonnet-4",
            "gen_ai.usage.input_tokens": 1000,
            "gen_ai.usage.output_tokens": 10,
            "gen_ai.usage.cache_creation.input_tokens": 800,
            "gen_ai.output.type": "json",
            "gen_ai.tool.definitions": json([{ type: "function", name: "weather", parameters: { type: "object" } }]),
          },
        }),
        span({ attributes: { "gen_ai.operation.name": "agent_step" } }),
      ]),
      format,
    ).spans;
    expect(chat!.usage).toEqual({ input: 1000, output: 10, total: 1010, cacheRead: 0, reasoning: 0, cacheCreation: 800 });
    expect(chat!.mappedFrom["usage.cacheCreation"]).toBe("gen_ai");
    expect(chat!.modelParameters).toEqual({ output_type: "json", tools: [{ type: "function", name: "weather", parameters: { type: "object" } }] });
    expect(step!.kind).toBe("chain");
  });
});
