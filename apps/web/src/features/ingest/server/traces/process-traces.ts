import {
  applyComputedCosts,
  decodeTraceRequest,
  describeRejections,
  mapTraceRequest,
  OtlpDecodeError,
  type OtlpFormat,
  type PriceMatcher,
} from "@sightline/core";
import { encodeSpans, type EncodedSpans } from "@sightline/clickhouse/row-encoding";

/** What ingest needs from one OTLP trace body: rows to write and what to tell the sender. */
export interface TraceOutcome {
  /** The mapped spans as rows, priced, ready for the writer (no rows: nothing to write). */
  encoded: EncodedSpans;
  rejectedSpans: number;
  /** `describeRejections` of the rejected spans ("" when none). */
  rejections: string;
  /** What the decoder could not read (OTLP/JSON), then what the mapper cut or dropped. */
  warnings: string[];
}

/**
 * The CPU-heavy part of trace ingest, free of I/O: decode, map, price (computed cost where
 * none was sent; provided costs win), encode rows. Runs in an ingest worker thread, or
 * inline when there is none; `matcher` is only asked for when some span needs a price.
 * Throws OtlpDecodeError for an undecodable body.
 */
export function processTraces(body: Uint8Array, format: OtlpFormat, projectId: string, matcher: () => PriceMatcher): TraceOutcome {
  const request = decodeTraceRequest(body, format);
  const mapped = mapTraceRequest(request, { projectId });
  // Most batches of plain spans need no price at all: skip the matcher for them.
  if (mapped.spans.some((span) => span.cost === null && span.model !== "")) applyComputedCosts(mapped.spans, matcher());
  return {
    encoded: encodeSpans(mapped.spans),
    rejectedSpans: mapped.rejected.count,
    rejections: describeRejections(mapped.rejected),
    warnings: request.warnings ? [...request.warnings, ...mapped.warnings] : mapped.warnings,
  };
}

/** A failure as it crosses from a worker thread: decode errors keep their class and field. */
export type ProcessFailure = { kind: "decode"; message: string; field?: string } | { kind: "internal"; message: string; stack?: string };

export function toFailure(error: unknown): ProcessFailure {
  if (error instanceof OtlpDecodeError) return { kind: "decode", message: error.message, field: error.field };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: "internal", message: `${e.name}: ${e.message}`, stack: e.stack };
}

export function fromFailure(failure: ProcessFailure): Error {
  if (failure.kind === "decode") return new OtlpDecodeError(failure.message, { field: failure.field });
  const error = new Error(`ingest worker: ${failure.message}`);
  if (failure.stack) error.stack = `${error.message}\n--- in the worker thread ---\n${failure.stack}`;
  return error;
}
