/**
 * Captures the Vercel AI SDK 7 telemetry in its newer OTel GenAI form (`@ai-sdk/otel`
 * OpenTelemetry integration: invoke_agent → step → chat, execute_tool spans) with the SDK's
 * own mock model: generateText with a tool (two steps) and streamText.
 * Run: pnpm --filter @sightline/core exec tsx test/capture/vercel-ai-v7.ts
 */
import { OpenTelemetry } from "@ai-sdk/otel";
import { generateText, registerTelemetry, simulateReadableStream, stepCountIs, streamText, tool } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { z } from "zod";
import { memoryTracing, otlpJson, writeFixture } from "./support";

const { provider, exporter } = memoryTracing("vercel-ai-v7-app");
registerTelemetry(new OpenTelemetry({ tracer: provider.getTracer("ai") }));
const note = "Vercel AI SDK ai@7.0.173 + @ai-sdk/otel@1.0.173 OpenTelemetry integration (MockLanguageModelV4), serialized by @opentelemetry/otlp-transformer JsonTraceSerializer";

const usage = {
  inputTokens: { total: 40, noCache: 24, cacheRead: 16, cacheWrite: 0 },
  outputTokens: { total: 12, text: 9, reasoning: 3 },
};

let call = 0;
const chatModel = new MockLanguageModelV4({
  provider: "openai.chat",
  modelId: "gpt-4o-mini",
  doGenerate: async () => {
    call++;
    if (call === 1) {
      return {
        content: [{ type: "tool-call", toolCallId: "call-1", toolName: "weather", input: JSON.stringify({ city: "Lisbon" }) }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
        response: { id: "resp-step-1", modelId: "gpt-4o-mini-2024-07-18", timestamp: new Date() },
      };
    }
    return {
      content: [{ type: "text", text: "It is sunny in Lisbon." }],
      finishReason: { unified: "stop", raw: "stop" },
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
  telemetry: { functionId: "weather-agent" },
});
writeFixture("vercel-ai", "v7-generate-text-tools", otlpJson(exporter.getFinishedSpans()), note);
exporter.reset();

const streamModel = new MockLanguageModelV4({
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
        { type: "finish", finishReason: { unified: "stop", raw: "end_turn" }, usage },
      ],
    }),
  }),
});
const streamed = streamText({
  model: streamModel,
  system: "Be brief.",
  prompt: "Should I pack an umbrella?",
  telemetry: { functionId: "packing-advice" },
});
await streamed.consumeStream();
await streamed.text;
writeFixture("vercel-ai", "v7-stream-text", otlpJson(exporter.getFinishedSpans()), note);
await provider.shutdown();
