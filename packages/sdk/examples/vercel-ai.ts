/**
 * Vercel AI SDK → Sightline, without our SDK: the AI SDK's OpenTelemetry integration
 * (`@ai-sdk/otel`) with an OpenTelemetry tracer whose OTLP exporter points at Sightline.
 * Run: SIGHTLINE_BASE_URL=… SIGHTLINE_PUBLIC_KEY=… SIGHTLINE_SECRET_KEY=… pnpm exec tsx examples/vercel-ai.ts
 * (docs/vercel-ai-sdk.md explains each step; test/examples.test.ts runs this file.)
 */
import { OpenTelemetry } from "@ai-sdk/otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { BatchSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { generateText, type LanguageModel } from "ai";
import { MockLanguageModelV4 } from "ai/test";

export interface SightlineConnection {
  baseUrl: string;
  publicKey: string;
  secretKey: string;
}

/** An OpenTelemetry tracer provider that sends to Sightline's OTLP endpoint (protobuf, Basic auth). */
export function sightlineTracerProvider({ baseUrl, publicKey, secretKey }: SightlineConnection): TracerProvider {
  const exporter = new OTLPTraceExporter({
    url: `${baseUrl.replace(/\/+$/, "")}/api/public/otel/v1/traces`,
    headers: { Authorization: `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString("base64")}` },
  });
  return new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter })] });
}

/** One traced `generateText` call; returns the model's text. */
export async function answerWithTelemetry(connection: SightlineConnection, model: LanguageModel, question: string): Promise<string> {
  const provider = sightlineTracerProvider(connection);
  try {
    const { text } = await generateText({
      model,
      prompt: question,
      experimental_telemetry: {
        functionId: "answer-question",
        integrations: [new OpenTelemetry({ tracer: provider.getTracer("ai") })],
      },
    });
    return text;
  } finally {
    await provider.shutdown(); // flushes; in a long-running server keep one provider and let it batch
  }
}

/** A stand-in model so the example runs offline; use a real provider's model instead (e.g. `openai("gpt-4o-mini")`). */
export function offlineModel(): LanguageModel {
  return new MockLanguageModelV4({
    provider: "openai",
    modelId: "gpt-4o-mini",
    doGenerate: {
      content: [{ type: "text", text: "Spans are stored in ClickHouse." }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: {
        inputTokens: { total: 12, noCache: 12, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 7, text: 7, reasoning: undefined },
      },
      warnings: [],
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const connection = {
    baseUrl: process.env.SIGHTLINE_BASE_URL ?? "http://localhost:3000",
    publicKey: process.env.SIGHTLINE_PUBLIC_KEY ?? "",
    secretKey: process.env.SIGHTLINE_SECRET_KEY ?? "",
  };
  console.log(await answerWithTelemetry(connection, offlineModel(), "Where are spans stored?"));
}
