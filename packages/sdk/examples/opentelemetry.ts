/**
 * A plain OpenTelemetry app → Sightline, without our SDK: the OTLP/HTTP exporter pointed at
 * Sightline, spans carrying the OTel GenAI semantic conventions, which Sightline maps.
 * Run: SIGHTLINE_BASE_URL=… SIGHTLINE_PUBLIC_KEY=… SIGHTLINE_SECRET_KEY=… pnpm exec tsx examples/opentelemetry.ts
 * (docs/opentelemetry.md explains each step; test/examples.test.ts runs this file.)
 */
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import type { SightlineConnection } from "./vercel-ai.js";

export async function tracedChat(connection: SightlineConnection, question: string): Promise<string> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); // parents follow await
  const exporter = new OTLPTraceExporter({
    url: `${connection.baseUrl.replace(/\/+$/, "")}/api/public/otel/v1/traces`,
    headers: { Authorization: `Basic ${Buffer.from(`${connection.publicKey}:${connection.secretKey}`).toString("base64")}` },
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "support-bot" }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer("support-bot");
  try {
    return await tracer.startActiveSpan("handle-question", async (root) => {
      root.setAttribute("user.id", "user-1");
      root.setAttribute("session.id", "session-1");
      const answer = await tracer.startActiveSpan("chat gpt-4o-mini", async (span) => {
        const messages = [{ role: "user", parts: [{ type: "text", content: question }] }];
        span.setAttribute("gen_ai.operation.name", "chat");
        span.setAttribute("gen_ai.provider.name", "openai");
        span.setAttribute("gen_ai.request.model", "gpt-4o-mini");
        span.setAttribute("gen_ai.input.messages", JSON.stringify(messages));
        const text = "Spans are stored in ClickHouse."; // call your model here
        span.setAttribute("gen_ai.output.messages", JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: text }], finish_reason: "stop" }]));
        span.setAttribute("gen_ai.usage.input_tokens", 12);
        span.setAttribute("gen_ai.usage.output_tokens", 7);
        span.end();
        return text;
      });
      root.end();
      return answer;
    });
  } finally {
    await provider.shutdown();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const connection = {
    baseUrl: process.env.SIGHTLINE_BASE_URL ?? "http://localhost:3000",
    publicKey: process.env.SIGHTLINE_PUBLIC_KEY ?? "",
    secretKey: process.env.SIGHTLINE_SECRET_KEY ?? "",
  };
  console.log(await tracedChat(connection, "Where are spans stored?"));
}
