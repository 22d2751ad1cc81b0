/**
 * Captures OpenLLMetry (Traceloop) spans: `@traceloop/node-server-sdk` initialized with an
 * in-memory exporter, its OpenAI instrumentation around the real `openai` client talking to a
 * local fake OpenAI-compatible server, inside withWorkflow / withAgent / withTool with
 * association properties (user, session) and a conversation id.
 * Run: pnpm --filter @sightline/core exec tsx test/capture/openllmetry.ts
 */
import { createRequire } from "node:module";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import * as traceloop from "@traceloop/node-server-sdk";
import { otlpJson, startFakeOpenAi, writeFixture, weatherConversation } from "./support";

const require = createRequire(import.meta.url);
const openaiModule = require("openai") as typeof import("openai");

const exporter = new InMemorySpanExporter();
traceloop.initialize({
  appName: "openllmetry-app",
  apiKey: "fixture-capture",
  baseUrl: "http://127.0.0.1:9",
  disableBatch: true,
  exporter,
  traceloopSyncEnabled: false,
  instrumentModules: { openAI: openaiModule.OpenAI as never },
  logLevel: "error",
});
const fake = await startFakeOpenAi();
const client = new openaiModule.OpenAI({ apiKey: "sk-fake", baseURL: fake.baseURL });
const note =
  "@traceloop/node-server-sdk@0.27.0 (its @traceloop/instrumentation-openai) on openai@6.30.1 against a local fake OpenAI server; serialized by @opentelemetry/otlp-transformer JsonTraceSerializer";

await traceloop.withWorkflow(
  { name: "weather_workflow", version: 2, associationProperties: { user_id: "tl-user-1", session_id: "tl-session-1", tenant: "acme" } },
  async () =>
    traceloop.withAgent({ name: "weather_agent" }, async () =>
      weatherConversation(client, (args) => traceloop.withTool({ name: "get_weather" }, async (input: string) => JSON.stringify({ args: input, forecast: "sunny" }), args)),
    ),
);
await traceloop.forceFlush();
writeFixture("openllmetry", "workflow-agent-tool", otlpJson(exporter.getFinishedSpans() as never), note);
await fake.close();
process.exit(0);
