import type { AttrValue } from "./attribute-value.js";
import type { TraceState } from "./trace-state.js";

/** OTLP status codes: 1 ok, 2 error. */
export type StatusCode = 1 | 2;

/** A point in time inside a span (first token, a log line). */
export interface FinishedEvent {
  readonly name: string;
  readonly timeUs: number;
  readonly attributes: ReadonlyArray<readonly [string, AttrValue]>;
}

/** An ended span waiting to be sent. Immutable, except that its trace's attributes may still change. */
export interface FinishedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** undefined for a root span. */
  readonly parentSpanId: string | undefined;
  /** The span id and the parent's (0 when none) as big-endian 32-bit words. */
  readonly idHi: number;
  readonly idLo: number;
  readonly parentHi: number;
  readonly parentLo: number;
  readonly name: string;
  /** Microseconds since the Unix epoch. */
  readonly startUs: number;
  readonly endUs: number;
  readonly statusCode: StatusCode;
  readonly statusMessage: string;
  /** The span's kind, sent as `sightline.span.kind`. */
  readonly kind: string;
  /** undefined when the span has no attribute of its own. */
  readonly attributes: ReadonlyMap<string, AttrValue> | undefined;
  readonly events: readonly FinishedEvent[] | undefined;
  /** Upper bound of {@link attributes} in protobuf, and how many are JSON bytes or `sightline.trace.*` keys (kept as they are set). */
  readonly attributeBound: number;
  readonly jsonAttributes: number;
  readonly traceKeyedAttributes: number;
  readonly trace: TraceState;
  /** Estimated encoded size, for byte-based batching and the queue's byte bound. */
  readonly estimatedBytes: number;
}
