/**
 * Captures the legacy OpenLLMetry attribute form (indexed `gen_ai.prompt.<i>.*`,
 * `gen_ai.completion.<i>.*`, `llm.request.type`, `llm.usage.total_tokens`) from
 * `@traceloop/instrumentation-openai@0.22.5` (installed as `traceloop-openai-legacy`), the last
 * line before it moved to `gen_ai.input.messages`, around the real `openai` client talking to
 * a local fake OpenAI-compatible server.
 * Run: pnpm --filter @sightline/core exec tsx test/capture/openllmetry-legacy.ts
 */
import { createRequire } from "node:module";
import { OpenAIInstrumentation } from "traceloop-openai-legacy";
import { memoryTracing, otlpJson, startFakeOpenAi, writeFixture, weatherConversation } from "./support";

const require = createRequire(import.meta.url);
const openaiModule = require("openai") as typeof import("openai");

const { provider, exporter } = memoryTracing("openllmetry-legacy-app");
const instrumentation = new OpenAIInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.manuallyInstrument(openaiModule.OpenAI);
const fake = await startFakeOpenAi();
const client = new openaiModule.OpenAI({ apiKey: "sk-fake", baseURL: fake.baseURL });
const note =
  "@traceloop/instrumentation-openai@0.22.5 on openai@6.30.1 against a local fake OpenAI server; serialized by @opentelemetry/otlp-transformer JsonTraceSerializer";

await weatherConversation(client, async () => JSON.stringify({ forecast: "sunny" }));
writeFixture("openllmetry", "legacy-chat-tool-call", otlpJson(exporter.getFinishedSpans()), note);
await fake.close();
await provider.shutdown();
