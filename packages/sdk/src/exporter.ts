import { backoffDelayMs, parseRetryAfterMs, RETRYABLE_STATUSES, sleep, unrefTimer } from "./retry.js";
import { SightlineExportError, type DeliveryStats } from "./types.js";

import type { FetchLike } from "./transport.js";
export type { FetchLike } from "./transport.js";

/** Anything the exporter queues: it only needs a size estimate. */
export interface Sized {
  readonly estimatedBytes: number;
}

/** What a 2xx answer said: how many items the server refused anyway, and why. */
export interface Acceptance {
  rejected: number;
  message: string;
}

export interface ExporterConfig<T extends Sized> {
  endpoint: string;
  headers: Record<string, string>;
  encode: (items: readonly T[]) => string | Uint8Array;
  /** Called for an item dropped without being encoded (a full queue, or after shutdown): the protobuf queue frees its memory. */
  discard?: (item: T) => void;
  /** Hands an encoded body back once its delivery is over (the protobuf encoder reuses its buffer). */
  release?: (body: string | Uint8Array) => void;
  /** Reads a 2xx body (OTLP partialSuccess, the scores API's errors). */
  readAcceptance: (body: Uint8Array) => Acceptance;
  /** Reads the reason out of an error body (google.rpc.Status in JSON or protobuf). */
  readErrorMessage: (body: Uint8Array) => string | undefined;
  /** "span" or "score", for messages. */
  noun: string;
  fetch: FetchLike;
  flushAt: number;
  flushBytes: number;
  flushIntervalMs: number;
  maxQueueSpans: number;
  maxQueueBytes: number;
  maxConcurrentRequests: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  timeoutMs: number;
  /** Called for every batch given up on; never for a batch that is retried. */
  reportFailure: (error: SightlineExportError) => void;
}

interface FlushWaiter {
  upToSeq: number;
  resolve: () => void;
}

/**
 * Batches ended spans (or scores) and posts them. Every ended span gets a sequence number; the queue
 * and the in-flight batches leave in order, so "everything up to N has been sent or given
 * up on" is a cheap check, which is what `flush()` waits for.
 */
export class BatchExporter<T extends Sized> {
  private readonly queue: T[] = [];
  private queueHead = 0; // index of the oldest queued span (shifting arrays is O(n))
  private headSeq = 1; // sequence number of queue[queueHead]: spans are numbered in queue order
  private queuedBytes = 0;
  private nextSeq = 1;
  /** Spans with seq ≤ this are sent regardless of batch thresholds (flush, interval, shutdown). */
  private forceUpToSeq = 0;
  private readonly inFlight = new Set<number>(); // lowest seq of each in-flight batch
  private readonly waiters: FlushWaiter[] = [];
  private intervalTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private pumpScheduled = false;
  private readonly counters: DeliveryStats = { sent: 0, dropped: 0, failed: 0, retried: 0 };

  constructor(private readonly config: ExporterConfig<T>) {}

  stats(): DeliveryStats {
    return { ...this.counters };
  }

  /** Counts an item that could not be queued (it failed to encode) as failed, and reports it. */
  refuse(error: unknown): void {
    this.counters.failed++;
    this.config.reportFailure(new SightlineExportError(`unexpected export error: ${String(error)}`, undefined, 1, { cause: error }));
  }

  enqueue(span: T): void {
    if (this.stopped) {
      this.counters.dropped++;
      this.config.discard?.(span);
      return;
    }
    this.queue.push(span);
    this.nextSeq++;
    this.queuedBytes += span.estimatedBytes;
    this.dropOldestBeyondLimits();
    this.schedulePump();
  }

  /**
   * Sending (encoding a batch) happens in a task of its own, never inside the app's call
   * that ended the span: a request handler must not pay for a whole batch.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    unrefTimer(
      setTimeout(() => {
        this.pumpScheduled = false;
        this.pump();
      }, 0),
    );
  }

  /** Resolves once every span ended before this call was sent or given up on. Never rejects. */
  flush(): Promise<void> {
    const upToSeq = this.nextSeq - 1;
    if (this.settledUpTo(upToSeq)) return Promise.resolve();
    this.forceUpToSeq = Math.max(this.forceUpToSeq, upToSeq);
    const done = new Promise<void>((resolve) => this.waiters.push({ upToSeq, resolve }));
    this.pump();
    return done;
  }

  /** Flushes, then stops the interval timer; spans ended afterwards are dropped (and counted). */
  async shutdown(): Promise<void> {
    await this.flush();
    this.stopped = true;
    this.clearIntervalTimer();
  }

  private get queueLength(): number {
    return this.queue.length - this.queueHead;
  }

  /** Sequence number of the oldest queued span (only meaningful when the queue is not empty). */
  private oldestSeq(): number {
    return this.headSeq;
  }

  private takeOldest(): T {
    const item = this.queue[this.queueHead]!;
    this.queue[this.queueHead] = undefined as unknown as T; // not kept alive by the array
    this.queueHead++;
    this.headSeq++;
    this.queuedBytes -= item.estimatedBytes;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    return item;
  }

  private dropOldestBeyondLimits(): void {
    while (this.queueLength > this.config.maxQueueSpans || (this.queuedBytes > this.config.maxQueueBytes && this.queueLength > 1)) {
      const dropped = this.takeOldest();
      this.counters.dropped++;
      this.config.discard?.(dropped);
    }
    this.resolveWaiters();
  }

  /** Starts as many batches as thresholds, forced flushes and the concurrency limit allow. */
  private pump(): void {
    while (this.queueLength > 0 && this.inFlight.size < this.config.maxConcurrentRequests) {
      const full = this.queueLength >= this.config.flushAt || this.queuedBytes >= this.config.flushBytes;
      const forced = this.oldestSeq() <= this.forceUpToSeq;
      if (!full && !forced) break;
      void this.send(this.takeBatch());
    }
    if (this.queueLength > 0) this.armIntervalTimer();
    else this.clearIntervalTimer();
  }

  /** The oldest spans that fit one request, and the sequence number of the first. */
  private takeBatch(): { firstSeq: number; spans: T[] } {
    const firstSeq = this.headSeq;
    const spans: T[] = [this.takeOldest()];
    let bytes = spans[0]!.estimatedBytes;
    while (this.queueLength > 0 && spans.length < this.config.flushAt) {
      const next = this.queue[this.queueHead]!;
      if (bytes + next.estimatedBytes > this.config.flushBytes) break;
      bytes += next.estimatedBytes;
      spans.push(this.takeOldest());
    }
    return { firstSeq, spans };
  }

  private armIntervalTimer(): void {
    if (this.intervalTimer !== undefined || this.stopped) return;
    this.intervalTimer = setTimeout(() => {
      this.intervalTimer = undefined;
      this.forceUpToSeq = Math.max(this.forceUpToSeq, this.nextSeq - 1);
      this.pump();
    }, this.config.flushIntervalMs);
    unrefTimer(this.intervalTimer);
  }

  private clearIntervalTimer(): void {
    if (this.intervalTimer !== undefined) clearTimeout(this.intervalTimer);
    this.intervalTimer = undefined;
  }

  private async send({ firstSeq, spans: batch }: { firstSeq: number; spans: T[] }): Promise<void> {
    this.inFlight.add(firstSeq);
    try {
      await this.deliver(batch);
    } catch (error) {
      // deliver() reports its own failures; this only guards against a bug escaping into the app.
      this.counters.failed += batch.length;
      this.config.reportFailure(new SightlineExportError(`unexpected export error: ${String(error)}`, undefined, batch.length, { cause: error }));
    } finally {
      this.inFlight.delete(firstSeq);
      this.resolveWaiters();
      this.pump();
    }
  }

  /** Posts one batch, retrying what the OTLP spec says may be retried. Never throws. */
  private async deliver(spans: T[]): Promise<void> {
    const body = this.config.encode(spans);
    try {
      await this.deliverBody(spans, body);
    } finally {
      this.config.release?.(body);
    }
  }

  private async deliverBody(spans: T[], body: string | Uint8Array): Promise<void> {
    const noun = this.config.noun;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.post(body);
      if (outcome.kind === "ok") {
        const rejected = Math.min(spans.length, outcome.rejected);
        this.counters.sent += spans.length - rejected;
        if (rejected > 0) {
          this.counters.failed += rejected;
          this.config.reportFailure(new SightlineExportError(`server rejected ${rejected} ${noun}(s): ${outcome.message}`, 200, rejected));
        }
        return;
      }
      if (!outcome.retryable || attempt >= this.config.maxRetries) {
        this.counters.failed += spans.length;
        const tries = attempt + 1;
        const message = `${outcome.message}${outcome.retryable ? ` (gave up on ${spans.length} ${noun}(s) after ${tries} attempts)` : ` (${spans.length} ${noun}(s) not retried${hint(outcome.status)})`}`;
        this.config.reportFailure(new SightlineExportError(message, outcome.status, spans.length, { cause: outcome.cause }));
        return;
      }
      this.counters.retried++;
      const delay = outcome.retryAfterMs ?? backoffDelayMs(attempt, this.config.retryBaseDelayMs);
      await sleep(delay, this.waiters.length > 0);
    }
  }

  private async post(body: string | Uint8Array): Promise<PostOutcome> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.config.timeoutMs);
    unrefTimer(timer);
    try {
      const response = await this.config.fetch(this.config.endpoint, {
        method: "POST",
        headers: this.config.headers,
        body,
        signal: abort.signal,
      });
      const bytes = await response.arrayBuffer().then((b) => new Uint8Array(b), () => new Uint8Array(0));
      if (response.ok) return { kind: "ok", ...safeAcceptance(this.config.readAcceptance, bytes) };
      return {
        kind: "failed",
        status: response.status,
        retryable: RETRYABLE_STATUSES.has(response.status),
        retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after")),
        message: `HTTP ${response.status} from ${this.config.endpoint}${serverMessage(this.config.readErrorMessage, bytes)}`,
      };
    } catch (error) {
      const reason = abort.signal.aborted ? `timed out after ${this.config.timeoutMs} ms` : describeNetworkError(error);
      return { kind: "failed", status: undefined, retryable: true, retryAfterMs: undefined, message: `could not reach ${this.config.endpoint}: ${reason}`, cause: error };
    } finally {
      clearTimeout(timer);
    }
  }

  private settledUpTo(seq: number): boolean {
    if (this.queueLength > 0 && this.headSeq <= seq) return false;
    for (const first of this.inFlight) if (first <= seq) return false;
    return true;
  }

  private resolveWaiters(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (this.settledUpTo(waiter.upToSeq)) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}

type PostOutcome =
  | ({ kind: "ok" } & Acceptance)
  | { kind: "failed"; status: number | undefined; retryable: boolean; retryAfterMs: number | undefined; message: string; cause?: unknown };

/** A 2xx body we cannot read counts as full success. */
function safeAcceptance(read: (body: Uint8Array) => Acceptance, body: Uint8Array): Acceptance {
  if (body.length === 0) return { rejected: 0, message: "" };
  try {
    return read(body);
  } catch {
    return { rejected: 0, message: "" };
  }
}

/** What to check for the statuses that are never retried. */
function hint(status: number | undefined): string {
  if (status === 401 || status === 403) return "; check publicKey/secretKey and that the key belongs to this Sightline";
  if (status === 413) return "; the request was too large: lower flushBytes";
  if (status === 400) return "; the server could not read the request";
  return "";
}

const textDecoder = new TextDecoder();

/** The reason an error body gives, else its first 200 characters. */
function serverMessage(read: (body: Uint8Array) => string | undefined, body: Uint8Array): string {
  try {
    const message = read(body);
    if (message) return `: ${message}`;
  } catch {
    // not in the expected format
  }
  const text = textDecoder.decode(body.subarray(0, 200));
  return text ? `: ${text}` : "";
}

/** The `message` of a JSON google.rpc.Status (or any JSON error with a message). */
export function readJsonErrorMessage(body: Uint8Array): string | undefined {
  const message = (JSON.parse(textDecoder.decode(body)) as { message?: unknown }).message;
  return typeof message === "string" && message ? message : undefined;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
