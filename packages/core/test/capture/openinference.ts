/**
 * Captures OpenInference JS spans: `@arizeai/openinference-instrumentation-openai` around the
 * real `openai` client talking to a local fake OpenAI-compatible server (chat with a tool call
 * and an image, the follow-up with the tool result, embeddings), and `@arizeai/openinference-core`
 * helpers for the span kinds the OpenAI instrumentation does not make (agent, tool, retriever,
 * reranker, guardrail, evaluator, prompt, chain), with session/user/metadata/tags/prompt
 * template set through its context helpers.
 * Run: pnpm --filter @sightline/core exec tsx test/capture/openinference.ts
 */
import { createRequire } from "node:module";
import { context } from "@opentelemetry/api";
import {
  getDocumentAttributes,
  getRetrieverAttributes,
  getToolAttributes,
  getTracer,
  setMetadata,
  setPromptTemplate,
  setSession,
  setTags,
  setUser,
  traceAgent,
  traceChain,
  traceEvaluator,
  traceGuardrail,
  tracePrompt,
} from "@arizeai/openinference-core";
import { OpenAIInstrumentation } from "@arizeai/openinference-instrumentation-openai";
import { SemanticConventions as SC, OpenInferenceSpanKind } from "@arizeai/openinference-semantic-conventions";
import { memoryTracing, otlpJson, startFakeOpenAi, writeFixture, WEATHER_TOOLS } from "./support";

const require = createRequire(import.meta.url);
const openaiModule = require("openai") as typeof import("openai");

const { provider, exporter } = memoryTracing("openinference-app");
const instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
// Typed against whichever `openai` the instrumentation resolves; at run time it patches this class.
instrumentation.manuallyInstrument(openaiModule.OpenAI as never);
const fake = await startFakeOpenAi();
const client = new openaiModule.OpenAI({ apiKey: "sk-fake", baseURL: fake.baseURL });
const tracer = getTracer("openinference-fixture");
const note =
  "@arizeai/openinference-instrumentation-openai@4.2.7 on openai@6.30.1 against a local fake OpenAI server, and @arizeai/openinference-core@2.7.1 helpers; serialized by @opentelemetry/otlp-transformer JsonTraceSerializer";

const tools = WEATHER_TOOLS;

const agent = traceAgent(
  async (question: string) => {
    const first = await client.chat.completions.create({
      model: "gpt-4o-mini",
      temperature: 0.1,
      max_tokens: 256,
      tools,
      messages: [
        { role: "system", content: "You are a weather assistant." },
        {
          role: "user",
          content: [
            { type: "text", text: question },
            { type: "image_url", image_url: { url: "https://example.com/lisbon.png" } },
          ],
        },
      ],
    });
    const call = first.choices[0]!.message.tool_calls![0]!;
    const result = await tracer.startActiveSpan(
      "get_weather",
      {
        attributes: {
          [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.TOOL,
          ...getToolAttributes({ name: "get_weather", description: "Current weather of a city", parameters: tools[0]!.function.parameters }),
          [SC.TOOL_CALL_ID]: call.id,
          [SC.INPUT_VALUE]: call.type === "function" ? call.function.arguments : "",
          [SC.INPUT_MIME_TYPE]: "application/json",
        },
      },
      (span) => {
        const value = JSON.stringify({ city: "Lisbon", forecast: "sunny" });
        span.setAttributes({ [SC.OUTPUT_VALUE]: value, [SC.OUTPUT_MIME_TYPE]: "application/json" });
        span.end();
        return value;
      },
    );
    const second = await client.chat.completions.create({
      model: "gpt-4o-mini",
      tools,
      messages: [
        { role: "system", content: "You are a weather assistant." },
        { role: "user", content: question },
        first.choices[0]!.message,
        { role: "tool", tool_call_id: call.id, content: result },
      ],
    });
    return second.choices[0]!.message.content;
  },
  { name: "weather-agent", tracer },
);

const retrieve = (query: string): string[] =>
  tracer.startActiveSpan(
    "retrieve",
    {
      attributes: {
        [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.RETRIEVER,
        [SC.INPUT_VALUE]: query,
        ...getRetrieverAttributes({
          documents: [
            { id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.92, metadata: { source: "guide.md" } },
            { id: "doc-2", content: "Pack light clothes.", score: 0.61, metadata: { source: "faq.md" } },
          ],
        }),
      },
    },
    (span) => {
      span.end();
      return ["doc-1", "doc-2"];
    },
  );

const rerank = (query: string): void =>
  tracer.startActiveSpan(
    "rerank",
    {
      attributes: {
        [SC.OPENINFERENCE_SPAN_KIND]: OpenInferenceSpanKind.RERANKER,
        [SC.RERANKER_QUERY]: query,
        [SC.RERANKER_MODEL_NAME]: "rerank-english-v3.0",
        [SC.RERANKER_TOP_K]: 1,
        ...getDocumentAttributes({ id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.92 }, 0, SC.RERANKER_INPUT_DOCUMENTS),
        ...getDocumentAttributes({ id: "doc-2", content: "Pack light clothes.", score: 0.61 }, 1, SC.RERANKER_INPUT_DOCUMENTS),
        ...getDocumentAttributes({ id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.99 }, 0, SC.RERANKER_OUTPUT_DOCUMENTS),
      },
    },
    (span) => span.end(),
  );

const guard = traceGuardrail((text: string) => ({ allowed: !text.includes("password") }), { name: "pii-guard", tracer });
const evaluate = traceEvaluator((answer: string) => ({ score: answer.length > 5 ? 1 : 0, label: "helpful" }), { name: "helpfulness", tracer });
const renderPrompt = tracePrompt((city: string) => `What is the weather in ${city}?`, { name: "render-prompt", tracer });
const pipeline = traceChain(
  async (city: string) => {
    const question = renderPrompt(city);
    guard(question);
    retrieve(question);
    rerank(question);
    const answer = await agent(question);
    evaluate(answer ?? "");
    return answer;
  },
  { name: "weather-pipeline", tracer },
);

let ctx = setSession(context.active(), { sessionId: "oi-session-1" });
ctx = setUser(ctx, { userId: "oi-user-1" });
ctx = setMetadata(ctx, { tenant: "acme", plan: "pro" });
ctx = setTags(ctx, ["weather", "fixture"]);
ctx = setPromptTemplate(ctx, { template: "What is the weather in {city}?", variables: { city: "Lisbon" }, version: "v3" });
await context.with(ctx, () => pipeline("Lisbon"));
writeFixture("openinference", "agent-pipeline", otlpJson(exporter.getFinishedSpans()), note);
exporter.reset();

await client.embeddings.create({ model: "text-embedding-3-small", input: ["sunny Lisbon", "rainy Porto"] });
writeFixture("openinference", "embeddings", otlpJson(exporter.getFinishedSpans()), note);

await fake.close();
await provider.shutdown();
