import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { WriterBusyError } from "@sightline/clickhouse";
import type { OtlpFormat } from "@sightline/core";
import type { ProjectPrices } from "@/features/models/server/price-cache";
import type { TraceJob, TraceJobResult } from "./messages";
import { fromFailure, processTraces, type TraceOutcome } from "./process-traces";

/**
 * Runs `processTraces` off the main thread. The main thread of `next start` serves every
 * request and drives the engine; decoding, mapping and encoding a trace body is most of
 * ingest's CPU, so it goes to worker threads and the second core does work. With
 * SIGHTLINE_INGEST_THREADS=0 it runs inline.
 */
export interface TraceProcessor {
  process(body: Uint8Array, format: OtlpFormat, projectId: string, prices: ProjectPrices): Promise<TraceOutcome>;
  close(): Promise<void>;
}

/** Bodies queued for the workers above this are refused with 503 (bounded memory). */
const MAX_QUEUED_BYTES = 256 * 1024 * 1024;
const MAX_PRICE_PROJECTS = 1_000;

/** SIGHTLINE_INGEST_THREADS, or one fewer than the cores (at least one, at most four). */
export function ingestThreadCount(env: Record<string, string | undefined> = process.env): number {
  const configured = env.SIGHTLINE_INGEST_THREADS;
  if (configured !== undefined && configured !== "") {
    const n = Number(configured);
    if (!Number.isInteger(n) || n < 0 || n > 64) throw new Error(`SIGHTLINE_INGEST_THREADS must be an integer from 0 to 64, got "${configured}"`);
    return n;
  }
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

export function createTraceProcessor(threads: number): TraceProcessor {
  if (threads === 0) {
    return {
      process: async (body, format, projectId, prices) => processTraces(body, format, projectId, () => prices.matcher),
      close: async () => {},
    };
  }
  return new TraceWorkerPool(threads);
}

interface Pending {
  resolve: (outcome: TraceOutcome) => void;
  reject: (error: Error) => void;
  bytes: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Price versions this worker was sent, by project. */
  sentPrices: Map<string, number>;
}

class TraceWorkerPool implements TraceProcessor {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private queuedBytes = 0;
  private closing = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  process(body: Uint8Array, format: OtlpFormat, projectId: string, prices: ProjectPrices): Promise<TraceOutcome> {
    if (this.closing) return Promise.reject(new Error("ingest workers are shutting down"));
    if (this.queuedBytes > 0 && this.queuedBytes + body.byteLength > MAX_QUEUED_BYTES) {
      return Promise.reject(new WriterBusyError(1, `${Math.round(this.queuedBytes / 1048576)} MiB of bodies queued for the ingest threads`));
    }
    const slot = this.slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    const job: TraceJob = { id: this.nextId++, body: transferable(body), format, projectId, prices: { version: prices.version, overrides: null } };
    if (slot.sentPrices.get(projectId) !== prices.version) {
      if (slot.sentPrices.size >= MAX_PRICE_PROJECTS) {
        slot.sentPrices.clear();
        job.resetPrices = true;
      }
      job.prices.overrides = prices.overrides;
      slot.sentPrices.set(projectId, prices.version);
    }
    const bytes = body.byteLength;
    this.queuedBytes += bytes;
    return new Promise<TraceOutcome>((resolve, reject) => {
      slot.pending.set(job.id, { resolve, reject, bytes });
      slot.worker.postMessage(job, [job.body.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), pending: new Map(), sentPrices: new Map() };
    slot.worker.on("message", (result: TraceJobResult) => {
      const pending = slot.pending.get(result.id);
      if (!pending) return;
      slot.pending.delete(result.id);
      this.queuedBytes -= pending.bytes;
      if (result.ok) pending.resolve(result.outcome);
      else pending.reject(fromFailure(result.failure));
    });
    // A worker that dies (a crash, or out of memory) fails its jobs, which their clients retry, and is replaced.
    const replace = (reason: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      for (const pending of slot.pending.values()) {
        this.queuedBytes -= pending.bytes;
        pending.reject(reason);
      }
      slot.pending.clear();
      if (this.closing) return;
      console.error(`[ingest] an ingest thread stopped (${reason.message}); starting another`);
      this.slots[index] = this.spawn();
    };
    slot.worker.once("error", (error) => replace(error instanceof Error ? error : new Error(String(error))));
    slot.worker.once("exit", (code) => replace(new Error(`ingest thread exited with code ${code}`)));
    slot.worker.unref();
    return slot;
  }
}

/** A body the worker can take without a copy: its own ArrayBuffer, not a slice of a shared pool. */
function transferable(body: Uint8Array): Uint8Array {
  return body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer ? body : new Uint8Array(body);
}

function startWorker(): Worker {
  const options = { name: "sightline-ingest" };
  // Built by Next (start or dev): the bundler makes `new Worker(new URL(…))` an entry of its own.
  if (process.env.NEXT_RUNTIME) return new Worker(new URL("./trace-worker.ts", import.meta.url), options);
  // From TypeScript source (tests, tsx scripts): a bootstrap registers tsx in the thread first.
  const here = import.meta.url;
  const bootstrap = here.replace(/\/features\/ingest\/server\/traces\/trace-pool\.ts$/, "/server/ts-worker-bootstrap.mjs");
  return new Worker(new URL(bootstrap), { ...options, workerData: { tsEntry: here.replace(/trace-pool\.ts$/, "trace-worker.ts") } });
}

// On globalThis: Next can load this module once per route bundle; one pool serves them all.
const shared = globalThis as { __slTraceProcessor?: TraceProcessor };

/** The process's trace processor, started on first use. */
export function traceProcessor(): TraceProcessor {
  return (shared.__slTraceProcessor ??= createTraceProcessor(ingestThreadCount()));
}
