import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { wrapOpenAI } from "../src/openai/index.js";
import type { Sightline } from "../src/index.js";
import { attr, CaptureServer } from "./capture-server.js";
import { FakeOpenAIServer } from "./fake-openai-server.js";
import { clientFor } from "./helpers.js";

let sink: CaptureServer;
let fake: FakeOpenAIServer;
let sightline: Sightline;
let openai: OpenAI;

beforeEach(async () => {
  sink = await CaptureServer.start();
  fake = await FakeOpenAIServer.start();
  sightline = clientFor(sink);
  openai = wrapOpenAI(new OpenAI({ apiKey: "sk-test", baseURL: fake.url, maxRetries: 0 }), { sightline });
});
afterEach(async () => {
  await sightline.shutdown();
  await Promise.all([sink.close(), fake.close()]);
});

const json = (span: Parameters<typeof attr>[0], key: string) => JSON.parse(attr(span, key) as string) as unknown;

describe("wrapOpenAI: chat completions", () => {
  it("records a call as a generation under the current span: model, messages, parameters, output, usage", async () => {
    const messages = [
      { role: "system" as const, content: "Be brief." },
      { role: "user" as const, content: "Say hello" },
    ];
    const completion = await sightline.trace("chat", () => openai.chat.completions.create({ model: "gpt-test", messages, temperature: 0.3, max_tokens: 20 }));
    expect(completion.choices[0]!.message.content).toBe("Hello there");
    await sightline.flush();

    const root = sink.spanNamed("chat");
    const span = sink.spanNamed("openai.chat.completions");
    expect(span.parentSpanId).toBe(root.spanId);
    expect(attr(span, "sightline.span.kind")).toBe("generation");
    expect(attr(span, "sightline.provider")).toBe("openai");
    expect(attr(span, "sightline.model")).toBe("gpt-test-2024"); // the model that answered
    expect(json(span, "sightline.input")).toEqual(messages);
    expect(json(span, "sightline.model.parameters")).toEqual({ temperature: 0.3, max_tokens: 20 });
    expect(json(span, "sightline.output")).toEqual({ role: "assistant", content: "Hello there" });
    expect(attr(span, "sightline.usage.input")).toBe(20);
    expect(attr(span, "sightline.usage.output")).toBe(5);
    expect(attr(span, "sightline.usage.total")).toBe(25);
    expect(attr(span, "sightline.usage.reasoning")).toBe(1);
    expect(attr(span, "gen_ai.response.finish_reasons")).toEqual(["stop"]);
    expect(span.status.code).toBe(1);
  });

  it("records tool calls of a complete response", async () => {
    const tools = [{ type: "function" as const, function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } } }];
    await openai.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "Weather in Paris?" }], tools });
    await sightline.flush();
    const span = sink.spanNamed("openai.chat.completions");
    expect(json(span, "sightline.output")).toMatchObject({ tool_calls: [{ id: "call_1", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] });
    expect((json(span, "sightline.metadata") as { tools: unknown }).tools).toEqual(tools);
    expect(attr(span, "gen_ai.response.finish_reasons")).toEqual(["tool_calls"]);
  });

  it("streams unchanged to the caller and records time to first token, the joined output and usage from the final chunk", async () => {
    const stream = await openai.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "hi" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe("Hello");
    expect(chunks).toBe(5);
    await sightline.flush();

    const span = sink.spanNamed("openai.chat.completions");
    expect(json(span, "sightline.output")).toEqual({ role: "assistant", content: "Hello" });
    expect(attr(span, "sightline.usage.input")).toBe(11);
    expect(attr(span, "sightline.usage.output")).toBe(2);
    expect(attr(span, "sightline.usage.cache_read")).toBe(4);
    const ttft = attr(span, "gen_ai.response.time_to_first_chunk") as number;
    expect(ttft).toBeGreaterThanOrEqual(0);
    const start = BigInt(span.startTimeUnixNano);
    const firstToken = BigInt(span.events!.find((e) => e.name === "gen_ai.completion_start")!.timeUnixNano);
    expect(firstToken >= start && firstToken <= BigInt(span.endTimeUnixNano)).toBe(true);
  });

  it("accumulates streamed tool call deltas into whole tool calls", async () => {
    const stream = await openai.chat.completions.create({
      model: "gpt-test",
      messages: [{ role: "user", content: "Weather?" }],
      tools: [{ type: "function", function: { name: "get_weather" } }],
      stream: true,
    });
    for await (const _ of stream) {
      // consume
    }
    await sightline.flush();
    const span = sink.spanNamed("openai.chat.completions");
    expect(json(span, "sightline.output")).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }],
    });
    expect(attr(span, "gen_ai.response.finish_reasons")).toEqual(["tool_calls"]);
  });

  it("ends the span when the caller stops iterating early", async () => {
    const stream = await openai.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "hi" }], stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await sightline.flush();
    expect(json(sink.spanNamed("openai.chat.completions"), "sightline.output")).toEqual({ role: "assistant", content: "Hel" });
  });

  it("records an API error on the span and hands the same error to the caller", async () => {
    const error = await openai.chat.completions.create({ model: "missing-model", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    await sightline.flush();
    const span = sink.spanNamed("openai.chat.completions");
    expect(span.status.code).toBe(2);
    expect(span.status.message).toContain("does not exist");
    expect(attr(span, "http.response.status_code")).toBe(404);
    expect(attr(span, "error.type")).toBe("NotFoundError");
  });

  it("keeps openai's APIPromise helpers (withResponse) working", async () => {
    const { data, response } = await openai.chat.completions.create({ model: "gpt-test", messages: [{ role: "user", content: "hi" }] }).withResponse();
    expect(data.choices[0]!.message.content).toBe("Hello there");
    expect(response.headers.get("x-request-id")).toBe("req_123");
    await sightline.flush();
    expect(sink.spans().map((s) => s.name)).toEqual(["openai.chat.completions"]);
  });
});

describe("wrapOpenAI: responses", () => {
  it("records instructions and input as messages, output text and usage", async () => {
    const result = await openai.responses.create({ model: "gpt-test", instructions: "Answer in French.", input: "Say hello", temperature: 0.1 });
    expect(result.output_text).toBe("Bonjour");
    await sightline.flush();
    const span = sink.spanNamed("openai.responses");
    expect(json(span, "sightline.input")).toEqual([
      { role: "system", content: "Answer in French." },
      { role: "user", content: "Say hello" },
    ]);
    expect(json(span, "sightline.output")).toEqual({ role: "assistant", content: "Bonjour" });
    expect(json(span, "sightline.model.parameters")).toEqual({ temperature: 0.1 });
    expect(attr(span, "sightline.usage.input")).toBe(9);
    expect(attr(span, "sightline.usage.output")).toBe(3);
    expect(attr(span, "sightline.usage.cache_read")).toBe(2);
  });

  it("records a streamed response: first token time, text and the completed response's usage", async () => {
    const stream = await openai.responses.create({ model: "gpt-test", input: "Say hello", stream: true });
    const deltas: string[] = [];
    for await (const event of stream) if (event.type === "response.output_text.delta") deltas.push(event.delta);
    expect(deltas.join("")).toBe("Bonjour");
    await sightline.flush();
    const span = sink.spanNamed("openai.responses");
    expect(json(span, "sightline.output")).toEqual({ role: "assistant", content: "Bonjour" });
    expect(attr(span, "sightline.usage.total")).toBe(12);
    expect(attr(span, "gen_ai.response.time_to_first_chunk")).toBeTypeOf("number");
  });

  it("leaves every other method of the client alone", async () => {
    expect(openai.models).toBeDefined();
    expect(typeof openai.chat.completions.list).toBe("function");
    expect(openai.apiKey).toBe("sk-test");
  });
});
