/** Vercel AI SDK `ai.*` attributes (the older telemetry form), table-driven. */
import { describe, expect, it } from "vitest";
import { mapOne } from "./support/build";

const json = (v: unknown) => JSON.stringify(v);
type Case = [string, Record<string, unknown>, Record<string, unknown>];

describe("Vercel AI SDK ai.*", () => {
  it.each([
    ["ai.generateText", "chain"],
    ["ai.streamText", "chain"],
    ["ai.generateObject", "chain"],
    ["ai.streamObject", "chain"],
    ["ai.embed", "chain"],
    ["ai.embedMany", "chain"],
    ["ai.generateText.doGenerate", "generation"],
    ["ai.streamText.doStream", "generation"],
    ["ai.streamObject.doStream", "generation"],
    ["ai.embedMany.doEmbed", "embedding"],
    ["ai.toolCall", "tool"],
  ])("ai.operationId %s → kind %s", (operationId, kind) => {
    const s = mapOne({ "ai.operationId": operationId });
    expect(s.kind).toBe(kind);
    expect(s.mappedFrom.kind).toBe("vercel_ai");
  });

  it("an unknown ai.operationId leaves the kind to other rules", () => {
    expect(mapOne({ "ai.operationId": "ai.somethingNew" }).kind).toBe("span");
  });

  const cases: Case[] = [
    [
      "model call: model, provider, usage (v5 names), settings, messages",
      {
        "ai.operationId": "ai.generateText.doGenerate",
        "ai.model.id": "gpt-4o-mini",
        "ai.model.provider": "openai.chat",
        "ai.response.model": "gpt-4o-mini-2024-07-18",
        "ai.usage.promptTokens": 12,
        "ai.usage.completionTokens": 4,
        "ai.settings.temperature": 0.5,
        "ai.settings.maxOutputTokens": 100,
        "ai.prompt.messages": json([
          { role: "system", content: "Be brief." },
          { role: "user", content: [{ type: "text", text: "Hi" }, { type: "image", image: "https://example.com/a.png" }] },
        ]),
        "ai.response.text": "Hello",
        "ai.response.finishReason": "stop",
      },
      {
        kind: "generation",
        model: "gpt-4o-mini-2024-07-18",
        provider: "openai.chat",
        usage: { input: 12, output: 4, total: 16, cacheRead: 0, reasoning: 0 },
        modelParameters: { temperature: 0.5, maxOutputTokens: 100 },
        input: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hi\n[image: https://example.com/a.png]" },
        ],
        output: [{ role: "assistant", content: "Hello", finishReason: "stop" }],
        mappedFrom: expect.objectContaining({ model: "vercel_ai", provider: "vercel_ai", "usage.input": "vercel_ai", modelParameters: "vercel_ai", input: "vercel_ai", output: "vercel_ai" }),
      },
    ],
    [
      "v6 usage names with cache and reasoning details",
      {
        "ai.usage.inputTokens": 30,
        "ai.usage.outputTokens": 9,
        "ai.usage.totalTokens": 39,
        "ai.usage.cachedInputTokens": 20,
        "ai.usage.reasoningTokens": 4,
        "ai.model.id": "o4-mini",
      },
      { usage: { input: 30, output: 9, total: 39, cacheRead: 20, reasoning: 4 }, kind: "generation" },
    ],
    [
      "tool calls in the response and tool-call / tool-result parts in the prompt",
      {
        "ai.prompt.messages": json([
          { role: "assistant", content: [{ type: "tool-call", toolCallId: "t1", toolName: "weather", input: { city: "Oslo" } }] },
          { role: "tool", content: [{ type: "tool-result", toolCallId: "t1", toolName: "weather", output: { type: "json", value: { celsius: 3 } } }] },
        ]),
        "ai.response.toolCalls": json([{ toolCallId: "t2", toolName: "clock", input: "{}" }]),
        "ai.response.finishReason": "tool-calls",
      },
      {
        input: [
          { role: "assistant", content: null, toolCalls: [{ id: "t1", name: "weather", arguments: '{"city":"Oslo"}' }] },
          { role: "tool", content: '{"celsius":3}', toolCallId: "t1" },
        ],
        output: [{ role: "assistant", content: null, toolCalls: [{ id: "t2", name: "clock", arguments: "{}" }], finishReason: "tool-calls" }],
      },
    ],
    [
      "outer call: ai.prompt {system, prompt} → messages; generated object → output",
      { "ai.operationId": "ai.generateObject", "ai.prompt": json({ system: "Extract.", prompt: "Ann is 30" }), "ai.response.object": json({ name: "Ann", age: 30 }) },
      {
        kind: "chain",
        input: [
          { role: "system", content: "Extract." },
          { role: "user", content: "Ann is 30" },
        ],
        output: { name: "Ann", age: 30 },
      },
    ],
    [
      "tool call span: args in, result out",
      { "ai.operationId": "ai.toolCall", "ai.toolCall.name": "weather", "ai.toolCall.args": json({ city: "Oslo" }), "ai.toolCall.result": json({ celsius: 3 }) },
      { kind: "tool", input: { city: "Oslo" }, output: { celsius: 3 } },
    ],
    [
      "embedMany: usage tokens and the decoded values",
      { "ai.operationId": "ai.embedMany.doEmbed", "ai.values": [json("a"), json("b")], "ai.usage.tokens": 6, "ai.model.id": "text-embedding-3-small" },
      { kind: "embedding", input: ["a", "b"], usage: { input: 6, output: 0, total: 6, cacheRead: 0, reasoning: 0 } },
    ],
    [
      "telemetry metadata: user, session, tags",
      { "ai.telemetry.metadata.userId": "u1", "ai.telemetry.metadata.sessionId": "s1", "ai.telemetry.metadata.tags": ["a", "b"] },
      { userId: "u1", sessionId: "s1", tags: ["a", "b"], mappedFrom: expect.objectContaining({ userId: "vercel_ai", sessionId: "vercel_ai", tags: "vercel_ai" }) },
    ],
    [
      "gen_ai keys on the same span win over ai.* (convention order)",
      { "gen_ai.request.model": "gpt-4o", "ai.model.id": "other", "gen_ai.usage.input_tokens": 5, "ai.usage.promptTokens": 50 },
      { model: "gpt-4o", usage: expect.objectContaining({ input: 5 }), mappedFrom: expect.objectContaining({ model: "gen_ai", "usage.input": "gen_ai" }) },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected) => {
    expect(mapOne(attributes)).toMatchObject(expected);
  });

  it("the response never lands in input", () => {
    const s = mapOne({ "ai.response.text": "secret answer", "ai.response.toolCalls": json([{ toolCallId: "x", toolName: "y", input: "{}" }]) });
    expect(s.input).toBeNull();
  });
});
