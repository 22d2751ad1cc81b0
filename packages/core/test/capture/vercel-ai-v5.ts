/**
 * Captures the Vercel AI SDK 5 telemetry (its older `ai.*` attribute form) with the SDK's own
 * mock models: generateText with a tool (two steps), streamText, and embed.
 * Run: pnpm --filter @sightline/core exec tsx test/capture/vercel-ai-v5.ts
 */
import { embed, generateText, simulateReadableStream, stepCountIs, streamText, tool } from "ai-v5";
import { MockEmbeddingModelV2, MockLanguageModelV2 } from "ai-v5/test";
import { z } from "zod";
import { memoryTracing, otlpJson, writeFixture } from "./support";

const { provider, exporter } = memoryTracing("vercel-ai-v5-app");
const tracer = provider.getTracer("ai");
const note = "Vercel AI SDK ai@5.0.277 (experimental_telemetry, MockLanguageModelV2), serialized by @opentelemetry/otlp-transformer JsonTraceSerializer";
const usage = { inputTokens: 40, outputTokens: 12, totalTokens: 52, reasoningTokens: 3, cachedInputTokens: 16 };

let call = 0;
const chatModel = new MockLanguageModelV2({
  provider: "openai.chat",
  modelId: "gpt-4o-mini",
  doGenerate: async () => {
    call++;
    if (call === 1) {
      return {
        content: [{ type: "tool-call", toolCallId: "call-1", toolName: "weather", input: JSON.stringify({ city: "Lisbon" }) }],
        finishReason: "tool-calls",
        usage,
        warnings: [],
        response: { id: "resp-step-1", modelId: "gpt-4o-mini-2024-07-18", timestamp: new Date() },
      };
    }
    return {
      content: [{ type: "text", text: "It is sunny in Lisbon." }],
      finishReason: "stop",
      usage,
      warnings: [],
      response: { id: "resp-step-2", modelId: "gpt-4o-mini-2024-07-18", timestamp: new Date() },
    };
  },
});

await generateText({
  model: chatModel,
  system: "You are a weather assistant.",
  prompt: "What is the weather in Lisbon?",
  temperature: 0.2,
  maxOutputTokens: 200,
  tools: {
    weather: tool({
      description: "Current weather of a city",
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, forecast: "sunny", celsius: 24 }),
    }),
  },
  stopWhen: stepCountIs(3),
  experimental_telemetry: {
    isEnabled: true,
    tracer,
    functionId: "weather-agent",
    metadata: { userId: "user-v5", sessionId: "session-v5", tenant: "acme" },
  },
});
writeFixture("vercel-ai", "v5-generate-text-tools", otlpJson(exporter.getFinishedSpans()), note);
exporter.reset();

const streamModel = new MockLanguageModelV2({
  provider: "anthropic.messages",
  modelId: "claude-sonnet-4",
  doStream: async () => ({
    stream: simulateReadableStream({
      chunks: [
        { type: "response-metadata", id: "msg-stream-1", modelId: "claude-sonnet-4-20250514", timestamp: new Date() },
        { type: "text-start", id: "t1" },
        { type: "text-delta", id: "t1", delta: "Pack " },
        { type: "text-delta", id: "t1", delta: "an umbrella." },
        { type: "text-end", id: "t1" },
        { type: "finish", finishReason: "stop", usage },
      ],
    }),
  }),
});
const streamed = streamText({
  model: streamModel,
  messages: [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Should I pack an umbrella?" },
  ],
  experimental_telemetry: { isEnabled: true, tracer, functionId: "packing-advice" },
});
await streamed.consumeStream();
await streamed.text;
writeFixture("vercel-ai", "v5-stream-text", otlpJson(exporter.getFinishedSpans()), note);
exporter.reset();

await embed({
  model: new MockEmbeddingModelV2<string>({
    provider: "openai.embedding",
    modelId: "text-embedding-3-small",
    doEmbed: async () => ({ embeddings: [[0.1, 0.2, 0.3]], usage: { tokens: 7 } }),
  }),
  value: "sunny day in Lisbon",
  experimental_telemetry: { isEnabled: true, tracer },
});
writeFixture("vercel-ai", "v5-embed", otlpJson(exporter.getFinishedSpans()), note);
await provider.shutdown();
