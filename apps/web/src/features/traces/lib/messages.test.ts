import { describe, expect, it } from "vitest";
import { normalizeGenerationOutput, normalizeMessages, roleFamily } from "./messages";

describe("normalizeMessages", () => {
  it("passes canonical ChatMessage[] through", () => {
    const messages = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi\n  there" },
    ];
    expect(normalizeMessages(messages)).toEqual(messages);
  });

  it("reads OTel GenAI messages with typed parts, tool calls and tool responses", () => {
    const messages = normalizeMessages([
      { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
      {
        role: "assistant",
        parts: [
          { type: "reasoning", content: "Need the weather tool." },
          { type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } },
        ],
        finish_reason: "tool_call",
      },
      { role: "tool", parts: [{ type: "tool_call_response", id: "call_1", response: { temp: 21 } }] },
    ]);
    expect(messages).toEqual([
      { role: "user", content: "Weather in Paris?" },
      {
        role: "assistant",
        content: null,
        reasoning: "Need the weather tool.",
        toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{\n  "city": "Paris"\n}' }],
        finishReason: "tool_call",
      },
      { role: "tool", content: '{\n  "temp": 21\n}', toolCallId: "call_1" },
    ]);
  });

  it("reads OpenAI-style messages: part arrays, tool_calls with function, tool_call_id", () => {
    const messages = normalizeMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "What is in this picture?" },
          { type: "image_url", image_url: { url: "https://example.test/cat.png" } },
        ],
      },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } }],
      },
      { role: "tool", tool_call_id: "c1", content: "a cat" },
    ]);
    expect(messages?.[0]?.content).toBe("What is in this picture?\n\n[image_url] https://example.test/cat.png");
    expect(messages?.[1]?.toolCalls).toEqual([{ id: "c1", name: "lookup", arguments: '{\n  "q": "cat"\n}' }]);
    expect(messages?.[2]).toEqual({ role: "tool", content: "a cat", toolCallId: "c1" });
  });

  it("reads Anthropic-style tool_use / tool_result blocks", () => {
    const messages = normalizeMessages([
      { role: "assistant", content: [{ type: "tool_use", id: "tu1", name: "search", input: { q: "x" } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "tu1", content: [{ type: "text", text: "found" }] }] },
    ]);
    expect(messages?.[0]?.toolCalls).toEqual([{ id: "tu1", name: "search", arguments: '{\n  "q": "x"\n}' }]);
    expect(messages?.[1]).toMatchObject({ content: "found", toolCallId: "tu1" });
  });

  it("never inlines data URLs", () => {
    const [message] =
      normalizeMessages([{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }] }]) ??
      [];
    expect(message?.content).toBe("[image_url] (inline data, 26 chars)");
  });

  it("unwraps {messages}, OpenAI {choices} responses and JSON strings", () => {
    expect(normalizeMessages({ messages: [{ role: "user", content: "a" }] })).toEqual([{ role: "user", content: "a" }]);
    expect(
      normalizeMessages({ choices: [{ message: { role: "assistant", content: "b" }, finish_reason: "stop" }] }),
    ).toEqual([{ role: "assistant", content: "b", finishReason: "stop" }]);
    expect(normalizeMessages('[{"role":"user","content":"c"}]')).toEqual([{ role: "user", content: "c" }]);
    expect(normalizeMessages({ role: "assistant", content: "d" })).toEqual([{ role: "assistant", content: "d" }]);
  });

  it("returns null for values that are not conversations", () => {
    expect(normalizeMessages("plain text")).toBeNull();
    expect(normalizeMessages({ query: "q" })).toBeNull();
    expect(normalizeMessages([{ role: "user", content: "a" }, { id: 1 }])).toBeNull();
    expect(normalizeMessages([])).toBeNull();
    expect(normalizeMessages(null)).toBeNull();
  });

  it("keeps markup-looking content as the same text (rendering escapes it)", () => {
    const content = '<img src=x onerror="alert(1)"> **bold**';
    expect(normalizeMessages([{ role: "assistant", content }])?.[0]?.content).toBe(content);
  });
});

describe("normalizeGenerationOutput", () => {
  it("turns a plain completion into one assistant message", () => {
    expect(normalizeGenerationOutput("In ClickHouse.")).toEqual([{ role: "assistant", content: "In ClickHouse." }]);
  });

  it("uses messages when the output has them", () => {
    expect(normalizeGenerationOutput([{ role: "assistant", content: "x", finishReason: "stop" }])).toEqual([
      { role: "assistant", content: "x", finishReason: "stop" },
    ]);
  });

  it("returns null for structured output that is not a message", () => {
    expect(normalizeGenerationOutput({ answer: 42 })).toBeNull();
    expect(normalizeGenerationOutput("")).toBeNull();
  });
});

describe("roleFamily", () => {
  it.each([
    ["system", "system"],
    ["developer", "system"],
    ["Human", "user"],
    ["model", "assistant"],
    ["function", "tool"],
    ["critic", "other"],
  ])("%s is styled as %s", (role, family) => {
    expect(roleFamily(role)).toBe(family);
  });
});
