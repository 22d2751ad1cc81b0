import type { ModelPrice, OtlpFormat } from "@sightline/core";
import type { ProcessFailure, TraceOutcome } from "./process-traces";

/** Main thread → ingest worker: one trace body to process. */
export interface TraceJob {
  id: number;
  body: Uint8Array;
  format: OtlpFormat;
  projectId: string;
  /** The project's price version; `overrides` is sent only when this worker has not seen it. */
  prices: { version: number; overrides: ModelPrice[] | null };
  /** Forget every project's prices first (the pool forgot what it had sent). */
  resetPrices?: boolean;
}

/** Ingest worker → main thread. */
export type TraceJobResult = { id: number; ok: true; outcome: TraceOutcome } | { id: number; ok: false; failure: ProcessFailure };
