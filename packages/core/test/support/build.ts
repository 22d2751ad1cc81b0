import {
  decodeTraceRequest,
  encodeTraceRequest,
  mapTraceRequest,
  type CanonicalSpan,
  type MapResult,
  type OtlpFormat,
  type SpanInput,
  type TraceRequestInput,
} from "../../src/index";

/** A fixed "now" so that time checks never depend on the clock: 2025-06-01T12:00:00Z. */
export const NOW_MS = Date.UTC(2025, 5, 1, 12);
export const NOW_US = NOW_MS * 1000;
export const NOW_NS = BigInt(NOW_MS) * 1_000_000n;

export const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
export const SPAN_ID = "b7ad6b7169203331";
export const FORMATS: OtlpFormat[] = ["protobuf", "json"];

let counter = 0;
/** A distinct, well-formed span id. */
export function nextSpanId(): string {
  counter++;
  return counter.toString(16).padStart(16, "a");
}

export function span(overrides: Partial<SpanInput> = {}): SpanInput {
  return {
    traceId: TRACE_ID,
    spanId: nextSpanId(),
    name: "operation",
    kind: 1,
    startTimeUnixNano: NOW_NS - 2_000_000_000n,
    endTimeUnixNano: NOW_NS - 1_000_000_000n,
    ...overrides,
  };
}

export function request(spans: SpanInput[], resourceAttributes: Record<string, unknown> = { "service.name": "test-app" }): TraceRequestInput {
  return { resourceSpans: [{ resource: { attributes: resourceAttributes }, scopeSpans: [{ scope: { name: "test-scope", version: "1.0.0" }, spans }] }] };
}

/** Encodes with our encoder, decodes with our decoder, maps: the full ingest path of core. */
export function ingest(input: TraceRequestInput, format: OtlpFormat = "protobuf"): MapResult {
  const decoded = decodeTraceRequest(encodeTraceRequest(input, format).body, format);
  return mapTraceRequest(decoded, { projectId: "project-1", nowUs: NOW_US });
}

/** Maps one span with the given attributes and returns the canonical span. */
export function mapOne(attributes: Record<string, unknown>, overrides: Partial<SpanInput> = {}, resource?: Record<string, unknown>): CanonicalSpan {
  const result = ingest(request([span({ attributes, ...overrides })], resource));
  if (result.spans.length !== 1) throw new Error(`expected one span, got ${result.spans.length}: ${result.rejected.reasons.join("; ")}`);
  return result.spans[0]!;
}
