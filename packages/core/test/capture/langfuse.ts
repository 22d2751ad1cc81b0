/**
 * Captures what Langfuse's OpenTelemetry SDK sends: `@langfuse/tracing` observations exported
 * by `@langfuse/otel`'s LangfuseSpanProcessor to a local HTTP server standing in for Langfuse
 * (`<baseUrl>/api/public/otel/v1/traces`). The fixture is the request body exactly as posted.
 * Run: pnpm --filter @sightline/core exec tsx test/capture/langfuse.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { LangfuseSpanProcessor } from "@langfuse/otel";
import { propagateAttributes, setLangfuseTracerProvider, startActiveObservation, startObservation } from "@langfuse/tracing";
import { writeFixture } from "./support";

const posted: { path: string; auth: string; body: string }[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
    posted.push({ path: req.url ?? "", auth: req.headers.authorization ?? "", body: body.toString("utf8") });
    res.setHeader("content-type", "application/json");
    res.end("{}");
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const processor = new LangfuseSpanProcessor({
  publicKey: "pk-lf-fixture",
  secretKey: "sk-lf-fixture",
  baseUrl,
  environment: "staging",
  release: "v1.4.0",
  flushAt: 1000,
  flushInterval: 3600,
});
const provider = new BasicTracerProvider({ spanProcessors: [processor] });
setLangfuseTracerProvider(provider);

await propagateAttributes(
  { userId: "lf-user-1", sessionId: "lf-session-1", tags: ["weather", "fixture"], version: "2.0.1", traceName: "weather-request", metadata: { tenant: "acme" } },
  () =>
    startActiveObservation("weather-request", async (root) => {
      root.update({ input: { question: "What is the weather in Lisbon?" } });

      const retriever = startObservation("search-docs", { input: { query: "Lisbon weather" } }, { asType: "retriever" });
      retriever.update({ output: [{ id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.9 }] }).end();

      const generation = startObservation(
        "llm-call",
        {
          model: "gpt-4o-mini",
          modelParameters: { temperature: 0.2, max_tokens: 256 },
          input: [
            { role: "system", content: "You are a weather assistant." },
            { role: "user", content: "What is the weather in Lisbon?" },
          ],
        },
        { asType: "generation" },
      );
      generation
        .update({
          completionStartTime: new Date(),
          output: { role: "assistant", content: "Lisbon is sunny, 24°C." },
          usageDetails: { input: 52, output: 17, total: 69, cache_read_input_tokens: 32 },
          costDetails: { input: 0.000078, output: 0.0000102, total: 0.0000882 },
        })
        .end();

      const tool = startObservation("get_weather", { input: { city: "Lisbon" } }, { asType: "tool" });
      tool.update({ output: { forecast: "sunny" }, level: "WARNING", statusMessage: "cached result" }).end();

      const failing = startObservation("moderation", { input: "Lisbon is sunny, 24°C." }, { asType: "guardrail" });
      failing.update({ level: "ERROR", statusMessage: "moderation service unavailable" }).end();

      root.update({ output: { answer: "Lisbon is sunny, 24°C." } });
    }),
);
await processor.forceFlush();
await provider.shutdown();
server.close();

if (posted.length === 0) throw new Error("the Langfuse span processor posted nothing");
for (const [i, request] of posted.entries()) {
  console.log(`POST ${request.path} (Authorization ${request.auth.split(" ")[0]})`);
  writeFixture(
    "langfuse",
    posted.length === 1 ? "observations" : `observations-${i + 1}`,
    request.body,
    `@langfuse/tracing@5.11.1 + @langfuse/otel@5.11.1 LangfuseSpanProcessor: body posted to ${request.path}`,
  );
}
