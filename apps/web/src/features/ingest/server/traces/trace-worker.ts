import { parentPort } from "node:worker_threads";
import { projectMatcher, type ModelPrice, type PriceMatcher } from "@sightline/core";
import type { TraceJob, TraceJobResult } from "./messages";
import { processTraces, toFailure } from "./process-traces";

/**
 * An ingest worker thread: decodes, maps, prices and encodes the trace bodies the main
 * thread sends, and transfers the encoded rows back. It holds no connection and writes
 * nothing; the main thread keeps HTTP, auth, the writer and the engine.
 */
const port = parentPort;
if (!port) throw new Error("trace-worker.ts runs as a worker thread (see trace-pool.ts)");

const prices = new Map<string, { version: number; overrides: ModelPrice[]; matcher?: PriceMatcher }>();

port.on("message", (job: TraceJob) => {
  let result: TraceJobResult;
  try {
    if (job.resetPrices) prices.clear();
    if (job.prices.overrides) prices.set(job.projectId, { version: job.prices.version, overrides: job.prices.overrides });
    const entry = prices.get(job.projectId);
    if (!entry || entry.version !== job.prices.version) throw new Error(`prices of project ${job.projectId} version ${job.prices.version} were never sent`);
    const outcome = processTraces(job.body, job.format, job.projectId, () => (entry.matcher ??= projectMatcher(entry.overrides)));
    result = { id: job.id, ok: true, outcome };
    port.postMessage(result, [outcome.encoded.bytes.buffer as ArrayBuffer, outcome.encoded.rowEnds.buffer as ArrayBuffer, outcome.encoded.keyHashes.buffer as ArrayBuffer]);
  } catch (error) {
    result = { id: job.id, ok: false, failure: toFailure(error) };
    port.postMessage(result);
  }
});
