import type { SpanView, TraceDetail } from "@sightline/core";

/** A span as it arrives over JSON: an `undefined` input/output is dropped on the wire. */
export type WireSpanView = Omit<SpanView, "input" | "output"> & { input?: unknown; output?: unknown };
export type WireTraceDetail = Omit<TraceDetail, "spans"> & { spans: WireSpanView[] };

/** Restores the contract's "null when absent" for payloads the JSON encoding dropped. */
export function traceFromWire(trace: WireTraceDetail): TraceDetail {
  return {
    ...trace,
    spans: trace.spans.map((span) => ({ ...span, input: span.input ?? null, output: span.output ?? null })),
  };
}
