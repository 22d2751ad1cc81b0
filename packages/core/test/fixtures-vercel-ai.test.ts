/**
 * Payloads captured from the Vercel AI SDK itself (test/capture/vercel-ai-v5.ts and
 * vercel-ai-v7.ts, the SDK's own mock models): the older `ai.*` form and the newer OTel
 * GenAI form, mapped by us.
 */
import { describe, expect, it } from "vitest";
import { byName, mapFixture, roles } from "./support/fixtures";

describe("Vercel AI SDK 5 (ai.* telemetry)", () => {
  const spans = mapFixture("vercel-ai/v5-generate-text-tools.json");
  const wrapper = byName(spans, "ai.generateText");
  const calls = spans.filter((s) => s.name === "ai.generateText.doGenerate");
  const tool = byName(spans, "ai.toolCall");

  it("the outer call is a chain whose usage is a rollup; the model calls are generations", () => {
    expect(wrapper).toMatchObject({ kind: "chain", usageRollup: true, model: "gpt-4o-mini", provider: "openai.chat" });
    expect(wrapper.mappedFrom).toMatchObject({ kind: "vercel_ai", model: "vercel_ai", "usage.input": "vercel_ai" });
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({ kind: "generation", model: "gpt-4o-mini-2024-07-18", provider: "openai.chat", usage: { input: 40, output: 12, total: 52 } });
      expect(call.usageRollup).toBeUndefined();
      expect(call.mappedFrom).toMatchObject({ kind: "vercel_ai", model: "gen_ai", "usage.input": "gen_ai", input: "vercel_ai", output: "vercel_ai" });
      expect(call.modelParameters).toMatchObject({ temperature: 0.2, max_tokens: 200 });
    }
  });

  it("prompt messages go to input, the response (text or tool calls) to output, never the other way", () => {
    const [first, second] = calls.sort((a, b) => a.startTimeUs - b.startTimeUs);
    expect(roles(first!.input)).toEqual(["system", "user"]);
    expect(first!.output).toEqual([
      { role: "assistant", content: null, toolCalls: [{ id: "call-1", name: "weather", arguments: '{"city":"Lisbon"}' }], finishReason: "tool-calls" },
    ]);
    expect(roles(second!.input)).toEqual(["system", "user", "assistant", "tool"]);
    expect((second!.input as { toolCallId?: string }[])[3]!.toolCallId).toBe("call-1");
    expect(second!.output).toEqual([{ role: "assistant", content: "It is sunny in Lisbon.", finishReason: "stop" }]);
    expect(JSON.stringify(second!.input)).not.toContain("It is sunny in Lisbon.");
    expect(wrapper.input).toEqual([
      { role: "system", content: "You are a weather assistant." },
      { role: "user", content: "What is the weather in Lisbon?" },
    ]);
  });

  it("tool call: arguments in, result out; telemetry metadata gives user and session", () => {
    expect(tool).toMatchObject({ kind: "tool", input: { city: "Lisbon" }, output: { city: "Lisbon", forecast: "sunny", celsius: 24 } });
    for (const span of spans) expect(span).toMatchObject({ userId: "user-v5", sessionId: "session-v5" });
    expect(tool.mappedFrom).toMatchObject({ userId: "vercel_ai", sessionId: "vercel_ai", input: "vercel_ai", output: "vercel_ai" });
  });

  it("streamText: cached and reasoning tokens from ai.usage.*; the stream wrapper is a rollup", () => {
    const streamed = mapFixture("vercel-ai/v5-stream-text.json");
    const call = byName(streamed, "ai.streamText.doStream");
    expect(call).toMatchObject({ kind: "generation", model: "claude-sonnet-4-20250514", usage: { input: 40, output: 12, total: 52, cacheRead: 16, reasoning: 3 } });
    expect(call.output).toEqual([{ role: "assistant", content: "Pack an umbrella.", finishReason: "stop" }]);
    expect(byName(streamed, "ai.streamText").usageRollup).toBe(true);
  });

  it("embed: the embedding call carries the usage and the decoded value", () => {
    const embedded = mapFixture("vercel-ai/v5-embed.json");
    expect(byName(embedded, "ai.embed.doEmbed")).toMatchObject({ kind: "embedding", model: "text-embedding-3-small", usage: { input: 7 }, input: ["sunny day in Lisbon"] });
    expect(byName(embedded, "ai.embed")).toMatchObject({ usageRollup: true, input: "sunny day in Lisbon" });
  });
});

describe("Vercel AI SDK 7 (@ai-sdk/otel, OTel GenAI form)", () => {
  const spans = mapFixture("vercel-ai/v7-generate-text-tools.json");
  const agent = byName(spans, "invoke_agent gpt-4o-mini");
  const chats = spans.filter((s) => s.name === "chat gpt-4o-mini").sort((a, b) => a.startTimeUs - b.startTimeUs);

  it("invoke_agent → agent (usage rollup), step → chain, chat → generation, execute_tool → tool", () => {
    expect(agent).toMatchObject({ kind: "agent", usageRollup: true, usage: { input: 80, output: 24, cacheRead: 32 } });
    expect(byName(spans, "step 1")).toMatchObject({ kind: "chain" });
    expect(byName(spans, "execute_tool weather")).toMatchObject({ kind: "tool", input: { city: "Lisbon" }, output: { forecast: "sunny" } });
    expect(chats).toHaveLength(2);
    for (const chat of chats) {
      expect(chat).toMatchObject({
        kind: "generation",
        model: "gpt-4o-mini-2024-07-18",
        provider: "openai",
        usage: { input: 40, output: 12, cacheRead: 16, cacheCreation: 0 },
      });
      expect(chat.usageRollup).toBeUndefined();
      expect(chat.mappedFrom).toMatchObject({ kind: "gen_ai", model: "gen_ai", "usage.cacheRead": "gen_ai", input: "gen_ai", output: "gen_ai" });
      expect((chat.modelParameters.tools as { name: string }[])[0]!.name).toBe("weather");
    }
  });

  it("system instructions lead the input; output messages stay in output", () => {
    expect(roles(chats[0]!.input)).toEqual(["system", "user"]);
    expect(chats[0]!.output).toEqual([
      { role: "assistant", content: null, toolCalls: [{ id: "call-1", name: "weather", arguments: '{"city":"Lisbon"}' }], finishReason: "tool_call" },
    ]);
    expect(roles(chats[1]!.input)).toEqual(["system", "user", "assistant", "tool"]);
    expect(chats[1]!.output).toEqual([{ role: "assistant", content: "It is sunny in Lisbon.", finishReason: "stop" }]);
  });

  it("streamText in the GenAI form maps the same way", () => {
    const streamed = mapFixture("vercel-ai/v7-stream-text.json");
    const chat = streamed.find((s) => s.kind === "generation")!;
    expect(chat).toMatchObject({ model: "claude-sonnet-4-20250514", usage: { input: 40, output: 12 } });
    expect(chat.output).toEqual([{ role: "assistant", content: "Pack an umbrella.", finishReason: "stop" }]);
    expect(streamed.find((s) => s.kind === "agent")?.usageRollup).toBe(true);
  });
});
