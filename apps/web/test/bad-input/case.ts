import { encodeTraceRequest, type OtlpFormat, type SpanInput } from "@sightline/core";
import { hexBytes, pbSpan, type PbSpanParts } from "./wire";

/** One request of the bad-input corpus and what the server must do with it. */
export interface BadInputCase {
  group: string;
  name: string;
  /** Default `/v1/traces`. */
  path?: string;
  headers: Record<string, string>;
  /** The Authorization header; default: project A's key; null: none. */
  auth?: string | null;
  body: Uint8Array | string | Uint8Array[];
  chunked?: boolean;
  status: number;
  /**
   * Matches the google.rpc.Status message (4xx), or the partial-success message (200).
   * Absent on a 200: a full success, with no message.
   */
  reason?: RegExp;
  /** For a 200 with a reason: how many spans were rejected (0 = a warning). */
  rejected?: number;
  /** The trace the request wrote to, and exactly which span ids must be stored in it ([] = none). */
  trace?: { traceId: string; stored: string[] };
  /** Checks the first stored span as the query API returns it (how a bad part was kept). */
  check?: (span: StoredSpan) => void;
}

/** A span as GET /api/public/traces/{id} returns it (the fields the corpus looks at). */
export interface StoredSpan {
  spanId: string;
  name: string;
  attributes: Record<string, unknown>;
  input: unknown;
}

export const JSON_TYPE = { "content-type": "application/json" };
export const PROTOBUF_TYPE = { "content-type": "application/x-protobuf" };
export const contentType = (format: OtlpFormat) => (format === "json" ? JSON_TYPE : PROTOBUF_TYPE);

let counter = 0;
/** Fresh ids for each case, so that every case checks its own trace. */
export function freshIds(): { traceId: string; spanId: () => string } {
  counter++;
  const traceId = `bad1${counter.toString(16).padStart(28, "0")}`;
  let spans = 0;
  return { traceId, spanId: () => `${counter.toString(16).padStart(8, "0")}${(++spans).toString(16).padStart(8, "0")}` };
}

export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

/** A well-formed span (the companion that must land next to a bad one). */
export function goodSpan(traceId: string, spanId: string, name = "good companion"): SpanInput {
  const end = nowNs();
  return { traceId, spanId, name, kind: 1, startTimeUnixNano: end - 2_000_000n, endTimeUnixNano: end, attributes: { companion: true } };
}

export function request(spans: SpanInput[]) {
  return { resourceSpans: [{ resource: { attributes: { "service.name": "bad-input" } }, scopeSpans: [{ scope: { name: "bad-input" }, spans }] }] };
}

export const encoded = (spans: SpanInput[], format: OtlpFormat): Uint8Array => encodeTraceRequest(request(spans), format).body;

/** OTLP/JSON span objects as our encoder writes them, to be broken field by field. */
export function jsonSpans(spans: SpanInput[]): Record<string, unknown>[] {
  const text = new TextDecoder().decode(encoded(spans, "json"));
  return JSON.parse(text).resourceSpans[0].scopeSpans[0].spans;
}

/** An OTLP/JSON body around span objects (which may be anything). */
export function jsonBody(spans: unknown[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: "bad-input" }, spans }] }] });
}

/** A hand-written protobuf span with the given overrides (ids as hex unless given as bytes). */
export function pbSpanOf(s: SpanInput, overrides: Partial<PbSpanParts> = {}): Uint8Array {
  return pbSpan({
    traceId: hexBytes(s.traceId),
    spanId: hexBytes(s.spanId),
    parentSpanId: s.parentSpanId ? hexBytes(s.parentSpanId) : undefined,
    name: s.name,
    start: BigInt(s.startTimeUnixNano),
    end: BigInt(s.endTimeUnixNano),
    ...overrides,
  });
}

/** A seeded generator, so that the corpus is the same on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
