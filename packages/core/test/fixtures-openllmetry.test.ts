/**
 * Payloads captured from OpenLLMetry (test/capture/openllmetry.ts and openllmetry-legacy.ts):
 * @traceloop/node-server-sdk 0.27 (workflow/agent/tool decorators, association properties,
 * GenAI-form OpenAI spans) and @traceloop/instrumentation-openai 0.22.5 (the legacy indexed
 * gen_ai.prompt.<i> / gen_ai.completion.<i> form), mapped by us.
 */
import { describe, expect, it } from "vitest";
import { byName, mapFixture, roles } from "./support/fixtures";

describe("OpenLLMetry (Traceloop SDK 0.27)", () => {
  const spans = mapFixture("openllmetry/workflow-agent-tool.json");
  const chats = spans.filter((s) => s.name === "chat gpt-4o-mini").sort((a, b) => a.startTimeUs - b.startTimeUs);

  it("traceloop.span.kind: workflow → chain, agent → agent, tool → tool; chat spans are generations", () => {
    expect(byName(spans, "weather_workflow.workflow")).toMatchObject({ kind: "chain", output: "Lisbon is sunny, 24°C." });
    expect(byName(spans, "weather_agent.agent")).toMatchObject({ kind: "agent" });
    expect(byName(spans, "get_weather.tool")).toMatchObject({ kind: "tool", input: { args: ['{"city":"Lisbon"}'], kwargs: {} } });
    expect(byName(spans, "weather_workflow.workflow").mappedFrom).toMatchObject({ kind: "openllmetry", input: "openllmetry", output: "openllmetry" });
    for (const chat of chats) {
      expect(chat).toMatchObject({ kind: "generation", model: "gpt-4o-mini-2025-01-01", provider: "openai", usage: { input: 52, output: 17, total: 69 } });
    }
  });

  it("association properties give user and session on every span", () => {
    for (const span of spans) {
      expect(span).toMatchObject({ userId: "tl-user-1", sessionId: "tl-session-1" });
      expect(span.mappedFrom).toMatchObject({ userId: "openllmetry", sessionId: "openllmetry" });
    }
  });

  it("messages: input and output each on their side", () => {
    expect(roles(chats[0]!.input)).toEqual(["system", "user"]);
    expect(chats[0]!.output).toEqual([
      { role: "assistant", content: null, toolCalls: [{ id: "call_weather_1", name: "get_weather", arguments: '{"city":"Lisbon"}' }], finishReason: "tool_call" },
    ]);
    expect(roles(chats[1]!.input)).toEqual(["system", "user", "assistant", "tool"]);
    expect(chats[1]!.output).toEqual([{ role: "assistant", content: "Lisbon is sunny, 24°C.", finishReason: "stop" }]);
  });
});

describe("OpenLLMetry legacy indexed attributes (instrumentation-openai 0.22.5)", () => {
  const [first, second] = mapFixture("openllmetry/legacy-chat-tool-call.json").sort((a, b) => a.startTimeUs - b.startTimeUs);

  it("llm.request.type chat → generation; old usage names; total from llm.usage.total_tokens", () => {
    expect(first).toMatchObject({ kind: "generation", model: "gpt-4o-mini-2025-01-01", provider: "OpenAI", usage: { input: 52, output: 17, total: 69 } });
    expect(first!.mappedFrom).toMatchObject({ kind: "openllmetry", "usage.input": "gen_ai", "usage.total": "openllmetry", input: "openllmetry", output: "openllmetry" });
    expect(first!.modelParameters).toEqual({ max_tokens: 256, temperature: 0.1 });
  });

  it("gen_ai.prompt.<i> → input, gen_ai.completion.<i> (with tool calls) → output", () => {
    expect(first!.input).toEqual([
      { role: "system", content: "You are a weather assistant." },
      { role: "user", content: "What is the weather in Lisbon?" },
    ]);
    expect(first!.output).toEqual([
      { role: "assistant", content: null, finishReason: "tool_calls", toolCalls: [{ name: "get_weather", arguments: '{"city":"Lisbon"}' }] },
    ]);
    expect(roles(second!.input)).toEqual(["system", "user", "assistant", "tool"]);
    expect(second!.output).toEqual([{ role: "assistant", content: "Lisbon is sunny, 24°C.", finishReason: "stop" }]);
  });
});
