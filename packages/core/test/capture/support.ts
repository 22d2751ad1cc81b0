/**
 * Shared parts of the fixture capture scripts: an OpenTelemetry tracer provider that keeps
 * finished spans in memory, the OTel JS OTLP/JSON serializer (the one every OTLP/HTTP JSON
 * exporter uses), a fake OpenAI-compatible HTTP server, and the fixture writer.
 * Run a capture with `pnpm --filter @sightline/core exec tsx test/capture/<lib>.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import type { OpenAI } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/** A tracer provider registered globally (with an async context manager, so spans nest). */
export function memoryTracing(serviceName: string): { provider: TracerProvider; exporter: InMemorySpanExporter } {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return { provider, exporter };
}

/** The OTLP/JSON body an OTLP/HTTP JSON exporter would post for these spans. */
export function otlpJson(spans: ReadableSpan[]): string {
  const bytes = JsonTraceSerializer.serializeRequest(spans);
  if (!bytes) throw new Error("the OTLP JSON serializer produced no body");
  return new TextDecoder().decode(bytes);
}

/**
 * Writes `fixtures/<lib>/<name>.json`: the OTLP/JSON request body as the library produced it,
 * re-indented for review (same JSON value), with a `_capture` note saying how it was made.
 */
export function writeFixture(lib: string, name: string, body: string, note: string): void {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const file = join(FIXTURES, lib, `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ _capture: note, ...parsed }, null, 2)}\n`);
  const count = JSON.stringify(parsed).match(/"spanId"/g)?.length ?? 0;
  console.log(`wrote ${file} (${count} spans)`);
}

/** The one tool the capture scripts offer the model (OpenAI chat-completions shape). */
export const WEATHER_TOOLS = [
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      description: "Current weather of a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

/**
 * The weather conversation every OpenAI-instrumentation capture drives: a first call offering
 * the tool (the fake server answers with a tool call), the tool run by `runTool`, and a second
 * call with the tool result. Returns the final answer.
 */
export async function weatherConversation(client: OpenAI, runTool: (args: string) => Promise<string>): Promise<string | null> {
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: "You are a weather assistant." },
    { role: "user", content: "What is the weather in Lisbon?" },
  ];
  const first = await client.chat.completions.create({ model: "gpt-4o-mini", temperature: 0.1, max_tokens: 256, tools: WEATHER_TOOLS, messages });
  const answer = first.choices[0]!.message;
  const call = answer.tool_calls?.[0];
  if (!call || call.type !== "function") throw new Error("the fake server should have answered with a function call");
  const result = await runTool(call.function.arguments);
  const second = await client.chat.completions.create({
    model: "gpt-4o-mini",
    tools: WEATHER_TOOLS,
    messages: [...messages, answer, { role: "tool", tool_call_id: call.id, content: result }],
  });
  return second.choices[0]!.message.content;
}

export interface FakeOpenAi {
  baseURL: string;
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible server: `POST /v1/chat/completions` answers with a fixed
 * completion (a tool call when the request offers tools and has no tool result yet), and
 * `POST /v1/embeddings` with fixed vectors. Usage includes cached and reasoning details.
 */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    req.on("end", () => {
      const body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
      res.setHeader("content-type", "application/json");
      if (req.url?.endsWith("/embeddings")) {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        res.end(
          JSON.stringify({
            object: "list",
            model: body.model,
            data: inputs.map((_, index) => ({ object: "embedding", index, embedding: [0.1 * (index + 1), 0.2, 0.3] })),
            usage: { prompt_tokens: 8 * inputs.length, total_tokens: 8 * inputs.length },
          }),
        );
        return;
      }
      const messages = Array.isArray(body.messages) ? (body.messages as { role: string }[]) : [];
      const wantsTool = Array.isArray(body.tools) && body.tools.length > 0 && !messages.some((m) => m.role === "tool");
      const message = wantsTool
        ? {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_weather_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Lisbon"}' } }],
          }
        : { role: "assistant", content: "Lisbon is sunny, 24°C." };
      res.end(
        JSON.stringify({
          id: wantsTool ? "chatcmpl-fake-tool" : "chatcmpl-fake-answer",
          object: "chat.completion",
          created: 1_750_000_000,
          model: `${String(body.model)}-2025-01-01`,
          system_fingerprint: "fp_fake",
          choices: [{ index: 0, message, finish_reason: wantsTool ? "tool_calls" : "stop", logprobs: null }],
          usage: {
            prompt_tokens: 52,
            completion_tokens: 17,
            total_tokens: 69,
            prompt_tokens_details: { cached_tokens: 32, audio_tokens: 0 },
            completion_tokens_details: { reasoning_tokens: 5, audio_tokens: 0 },
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
