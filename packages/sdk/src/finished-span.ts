import type { AttrValue } from "./attribute-value.js";
import type { TraceState } from "./trace-state.js";

/** OTLP status codes: 1 ok, 2 error. */
export type StatusCode = 1 | 2;

/** An ended span waiting to be sent. Immutable, except that its trace's attributes may still change. */
export interface FinishedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** "" for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly statusCode: StatusCode;
  readonly statusMessage: string;
  readonly attributes: ReadonlyMap<string, AttrValue>;
  readonly trace: TraceState;
  /** Estimated OTLP/JSON size, for byte-based batching and the queue's byte bound. */
  readonly estimatedBytes: number;
}
