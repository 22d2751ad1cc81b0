import { randomBytes } from "node:crypto";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest, type CanonicalSpan, type SpanInput } from "@sightline/core";

export const hex = (bytes: number): string => randomBytes(bytes).toString("hex");

export interface TraceSpec {
  projectId: string;
  traceId?: string;
  name?: string;
  /** Root start, epoch ms. */
  startMs: number;
  userId?: string;
  sessionId?: string;
  release?: string;
  version?: string;
  environment?: string;
  tags?: string[];
  failing?: boolean;
  /** Token usage of the generation child. */
  inputTokens?: number;
  outputTokens?: number;
  cost?: number;
}

export interface BuiltTrace {
  traceId: string;
  rootId: string;
  generationId: string;
  retrievalId: string;
  spans: CanonicalSpan[];
}

const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;

/**
 * A realistic three-span trace (chain root → retrieval + generation) produced the way ingest
 * produces spans: OTLP/JSON encoded, decoded and mapped by @sightline/core.
 */
export function buildTrace(spec: TraceSpec): BuiltTrace {
  const traceId = spec.traceId ?? hex(16);
  const rootId = hex(8);
  const retrievalId = hex(8);
  const generationId = hex(8);
  const traceAttributes: Record<string, unknown> = {};
  if (spec.userId) traceAttributes["user.id"] = spec.userId;
  if (spec.sessionId) traceAttributes["session.id"] = spec.sessionId;
  if (spec.release) traceAttributes["langfuse.release"] = spec.release;
  if (spec.version) traceAttributes["langfuse.version"] = spec.version;
  if (spec.environment) traceAttributes["langfuse.environment"] = spec.environment;
  if (spec.tags) traceAttributes["langfuse.trace.tags"] = spec.tags;
  const t = spec.startMs;
  const spans: SpanInput[] = [
    {
      traceId, spanId: rootId, name: spec.name ?? "answer-question", kind: 1,
      startTimeUnixNano: ns(t), endTimeUnixNano: ns(t + 900),
      attributes: { "openinference.span.kind": "CHAIN", "input.value": "What is Sightline?", ...traceAttributes },
      status: { code: 1 },
    },
    {
      traceId, spanId: retrievalId, parentSpanId: rootId, name: "search-docs", kind: 1,
      startTimeUnixNano: ns(t + 10), endTimeUnixNano: ns(t + 110),
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "retrieval.documents.0.document.id": "doc-1",
        "retrieval.documents.0.document.content": "Sightline stores spans in ClickHouse.",
        "retrieval.documents.0.document.score": 0.92,
      },
    },
    {
      traceId, spanId: generationId, parentSpanId: rootId, name: "chat", kind: 3,
      startTimeUnixNano: ns(t + 120), endTimeUnixNano: ns(t + 880),
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": spec.inputTokens ?? 100,
        "gen_ai.usage.output_tokens": spec.outputTokens ?? 20,
        ...(spec.cost === undefined ? {} : { "gen_ai.usage.cost": spec.cost }),
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "What is Sightline?" }] }]),
        "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "A tracing platform." }], finish_reason: "stop" }]),
      },
      status: spec.failing ? { code: 2, message: "rate limited" } : { code: 0 },
    },
  ];
  const request = { resourceSpans: [{ resource: { attributes: { "service.name": "clickhouse-test" } }, scopeSpans: [{ scope: { name: "test" }, spans }] }] };
  const mapped = mapTraceRequest(decodeTraceRequest(encodeTraceRequest(request, "json").body, "json"), { projectId: spec.projectId });
  if (mapped.rejected.count > 0) throw new Error(`test spans rejected: ${JSON.stringify(mapped.rejected)}`);
  return { traceId, rootId, generationId, retrievalId, spans: mapped.spans };
}
