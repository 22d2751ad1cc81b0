/**
 * Payloads produced by the real OpenTelemetry JS SDK and serialized by its own OTLP
 * serializers (the ones every OTLP/HTTP exporter uses), then decoded and mapped by us.
 * This proves our decoder against the library's encoder, in both wire formats.
 */
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeTraceRequest, mapTraceRequest, type CanonicalSpan, type OtlpFormat } from "../src/index";

const T0 = Date.UTC(2025, 5, 1, 11, 59, 0);
const NOW_US = Date.UTC(2025, 5, 1, 12) * 1000;
const at = (ms: number): Date => new Date(T0 + ms);

let finished: ReadableSpan[] = [];

beforeAll(async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": "fixture-app", "service.version": "1.2.3", "deployment.environment.name": "staging" }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer("fixture-instrumentation", "0.9.0");

  const root = tracer.startSpan("invoke_agent travel-agent", {
    startTime: at(0),
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "travel-agent", "gen_ai.conversation.id": "conv-42" },
  });
  const inRoot = trace.setSpan(context.active(), root);

  // OTel GenAI chat span (new attribute names, messages as JSON text, as the JS API allows).
  const chat = tracer.startSpan(
    "chat gpt-4o",
    {
      kind: SpanKind.CLIENT,
      startTime: at(10),
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.request.temperature": 0.3,
        "gen_ai.request.max_tokens": 200,
        "gen_ai.request.stop_sequences": ["END"],
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 85,
        "gen_ai.usage.cache_read.input_tokens": 1000,
        "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "You plan trips." }]),
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Weekend in Lisbon?" }] }]),
        "gen_ai.output.messages": JSON.stringify([
          { role: "assistant", parts: [{ type: "text", content: "Go to Alfama." }], finish_reason: "stop" },
        ]),
        "gen_ai.response.finish_reasons": ["stop"],
        "server.port": 443,
      },
    },
    inRoot,
  );
  chat.addEvent("gen_ai.content.chunk", { "chunk.index": 0 }, at(20));
  chat.end(at(900));

  // OpenInference retriever span with flattened documents.
  const retriever = tracer.startSpan(
    "retrieve",
    {
      startTime: at(905),
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "input.value": "Lisbon weekend",
        "retrieval.documents.0.document.id": "doc-a",
        "retrieval.documents.0.document.content": "Alfama is the oldest district.",
        "retrieval.documents.0.document.score": 0.91,
        "retrieval.documents.0.document.metadata": JSON.stringify({ source: "guide.pdf", page: 4 }),
        "retrieval.documents.1.document.id": "doc-b",
        "retrieval.documents.1.document.content": "Trams climb the hills.",
        "retrieval.documents.1.document.score": 0.72,
        "session.id": "oi-session",
        "user.id": "user-7",
      },
    },
    inRoot,
  );
  retriever.end(at(950));

  // OpenInference LLM span with a tool call, failing with an exception.
  const llm = tracer.startSpan(
    "ChatOpenAI",
    {
      startTime: at(960),
      attributes: {
        "openinference.span.kind": "LLM",
        "llm.model_name": "gpt-4o-mini",
        "llm.provider": "openai",
        "llm.invocation_parameters": JSON.stringify({ temperature: 0 }),
        "llm.input_messages.0.message.role": "user",
        "llm.input_messages.0.message.content": "Book it",
        "llm.output_messages.0.message.role": "assistant",
        "llm.output_messages.0.message.tool_calls.0.tool_call.id": "call_9",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "book_hotel",
        "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"city":"Lisbon"}',
        "llm.token_count.prompt": 50,
        "llm.token_count.completion": 12,
        "output.value": '{"not":"used, messages win"}',
      },
    },
    inRoot,
  );
  llm.recordException(new Error("upstream 503"), at(990));
  llm.setStatus({ code: SpanStatusCode.ERROR, message: "upstream 503" });
  llm.end(at(1000));

  root.setStatus({ code: SpanStatusCode.OK });
  root.end(at(1100));

  await provider.forceFlush();
  finished = exporter.getFinishedSpans();
  await provider.shutdown();
});

function decodeAndMap(format: OtlpFormat): Record<string, CanonicalSpan> {
  const serializer = format === "protobuf" ? ProtobufTraceSerializer : JsonTraceSerializer;
  const body = serializer.serializeRequest(finished);
  if (!body) throw new Error("serializer returned nothing");
  const result = mapTraceRequest(decodeTraceRequest(body, format), { projectId: "p1", nowUs: NOW_US });
  expect(result.rejected).toEqual({ count: 0, reasons: [] });
  expect(result.warnings).toEqual([]);
  return Object.fromEntries(result.spans.map((s) => [s.name, s]));
}

describe.each(["protobuf", "json"] as const)("OpenTelemetry JS SDK payload, %s", (format) => {
  it("keeps ids, parentage, times, resource and scope", () => {
    const spans = decodeAndMap(format);
    expect(Object.keys(spans).sort()).toEqual(["ChatOpenAI", "chat gpt-4o", "invoke_agent travel-agent", "retrieve"]);
    const root = spans["invoke_agent travel-agent"]!;
    const chat = spans["chat gpt-4o"]!;
    const original = finished.find((s) => s.name === "chat gpt-4o")!;
    expect(chat.traceId).toBe(original.spanContext().traceId);
    expect(chat.spanId).toBe(original.spanContext().spanId);
    expect(chat.parentSpanId).toBe(root.spanId);
    expect(root.parentSpanId).toBe("");
    expect(chat.startTimeUs).toBe((T0 + 10) * 1000);
    expect(chat.endTimeUs).toBe((T0 + 900) * 1000);
    expect(chat).toMatchObject({
      projectId: "p1",
      serviceName: "fixture-app",
      scopeName: "fixture-instrumentation",
      version: "1.2.3",
      environment: "staging",
      resourceAttributes: expect.objectContaining({ "service.name": "fixture-app", "deployment.environment.name": "staging" }),
      events: [{ name: "gen_ai.content.chunk", timeUs: (T0 + 20) * 1000, attributes: { "chunk.index": 0 } }],
    });
    expect(root).toMatchObject({ kind: "agent", status: "ok", sessionId: "conv-42" });
  });

  it("maps the OTel GenAI chat span", () => {
    const chat = decodeAndMap(format)["chat gpt-4o"]!;
    expect(chat).toMatchObject({
      kind: "generation",
      provider: "openai",
      model: "gpt-4o-2024-08-06",
      usage: { input: 1200, output: 85, total: 1285, cacheRead: 1000, reasoning: 0 },
      modelParameters: { temperature: 0.3, max_tokens: 200, stop_sequences: ["END"] },
      input: [
        { role: "system", content: "You plan trips." },
        { role: "user", content: "Weekend in Lisbon?" },
      ],
      output: [{ role: "assistant", content: "Go to Alfama.", finishReason: "stop" }],
      attributes: expect.objectContaining({ "gen_ai.response.finish_reasons": ["stop"], "server.port": 443 }),
      mappedFrom: expect.objectContaining({ kind: "gen_ai", model: "gen_ai", input: "gen_ai", output: "gen_ai", environment: "otel" }),
    });
  });

  it("maps the OpenInference retriever and LLM spans", () => {
    const spans = decodeAndMap(format);
    expect(spans.retrieve).toMatchObject({
      kind: "retrieval",
      input: "Lisbon weekend",
      userId: "user-7",
      sessionId: "oi-session",
      documents: [
        { id: "doc-a", content: "Alfama is the oldest district.", score: 0.91, metadata: { source: "guide.pdf", page: 4 } },
        { id: "doc-b", content: "Trams climb the hills.", score: 0.72 },
      ],
    });
    expect(spans.ChatOpenAI).toMatchObject({
      kind: "generation",
      model: "gpt-4o-mini",
      provider: "openai",
      status: "error",
      statusMessage: "upstream 503",
      modelParameters: { temperature: 0 },
      input: [{ role: "user", content: "Book it" }],
      output: [{ role: "assistant", content: null, toolCalls: [{ id: "call_9", name: "book_hotel", arguments: '{"city":"Lisbon"}' }] }],
      usage: { input: 50, output: 12, total: 62, cacheRead: 0, reasoning: 0 },
      events: [expect.objectContaining({ name: "exception", attributes: expect.objectContaining({ "exception.message": "upstream 503" }) })],
    });
  });

  it("copies the trace's user onto spans that lack it", () => {
    const spans = decodeAndMap(format);
    // user.id only on the retriever: the root lacks it too, so the first span with it supplies it.
    expect(Object.values(spans).map((s) => s.userId)).toEqual(["user-7", "user-7", "user-7", "user-7"]);
  });
});
