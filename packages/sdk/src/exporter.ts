import type { FinishedSpan } from "./finished-span.js";
import { backoffDelayMs, parseRetryAfterMs, RETRYABLE_STATUSES, sleep, unrefTimer } from "./retry.js";
import { SightlineExportError, type SightlineStats } from "./types.js";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface ExporterConfig {
  endpoint: string;
  headers: Record<string, string>;
  encode: (spans: readonly FinishedSpan[]) => string;
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

interface QueuedSpan {
  seq: number;
  span: FinishedSpan;
}

interface FlushWaiter {
  upToSeq: number;
  resolve: () => void;
}

/**
 * Batches ended spans and posts them. Every ended span gets a sequence number; the queue
 * and the in-flight batches leave in order, so "everything up to N has been sent or given
 * up on" is a cheap check, which is what `flush()` waits for.
 */
export class BatchExporter {
  private readonly queue: QueuedSpan[] = [];
  private queueHead = 0; // index of the oldest queued span (shifting arrays is O(n))
  private queuedBytes = 0;
  private nextSeq = 1;
  /** Spans with seq ≤ this are sent regardless of batch thresholds (flush, interval, shutdown). */
  private forceUpToSeq = 0;
  private readonly inFlight = new Set<number>(); // lowest seq of each in-flight batch
  private readonly waiters: FlushWaiter[] = [];
  private intervalTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly counters: SightlineStats = { sent: 0, dropped: 0, failed: 0, retried: 0 };

  constructor(private readonly config: ExporterConfig) {}

  stats(): SightlineStats {
    return { ...this.counters };
  }

  enqueue(span: FinishedSpan): void {
    if (this.stopped) {
      this.counters.dropped++;
      return;
    }
    this.queue.push({ seq: this.nextSeq++, span });
    this.queuedBytes += span.estimatedBytes;
    this.dropOldestBeyondLimits();
    this.pump();
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

  private oldest(): QueuedSpan | undefined {
    return this.queue[this.queueHead];
  }

  private takeOldest(): QueuedSpan {
    const item = this.queue[this.queueHead]!;
    this.queueHead++;
    this.queuedBytes -= item.span.estimatedBytes;
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    return item;
  }

  private dropOldestBeyondLimits(): void {
    while (this.queueLength > this.config.maxQueueSpans || (this.queuedBytes > this.config.maxQueueBytes && this.queueLength > 1)) {
      this.takeOldest();
      this.counters.dropped++;
    }
    this.resolveWaiters();
  }

  /** Starts as many batches as thresholds, forced flushes and the concurrency limit allow. */
  private pump(): void {
    while (this.queueLength > 0 && this.inFlight.size < this.config.maxConcurrentRequests) {
      const full = this.queueLength >= this.config.flushAt || this.queuedBytes >= this.config.flushBytes;
      const forced = this.oldest()!.seq <= this.forceUpToSeq;
      if (!full && !forced) break;
      void this.send(this.takeBatch());
    }
    if (this.queueLength > 0) this.armIntervalTimer();
    else this.clearIntervalTimer();
  }

  private takeBatch(): QueuedSpan[] {
    const batch: QueuedSpan[] = [this.takeOldest()];
    let bytes = batch[0]!.span.estimatedBytes;
    while (this.queueLength > 0 && batch.length < this.config.flushAt) {
      const next = this.oldest()!;
      if (bytes + next.span.estimatedBytes > this.config.flushBytes) break;
      bytes += next.span.estimatedBytes;
      batch.push(this.takeOldest());
    }
    return batch;
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

  private async send(batch: QueuedSpan[]): Promise<void> {
    const firstSeq = batch[0]!.seq;
    this.inFlight.add(firstSeq);
    try {
      await this.deliver(batch.map((item) => item.span));
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
  private async deliver(spans: FinishedSpan[]): Promise<void> {
    const body = this.config.encode(spans);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.post(body);
      if (outcome.kind === "ok") {
        const rejected = Math.min(spans.length, outcome.rejectedSpans);
        this.counters.sent += spans.length - rejected;
        if (rejected > 0) {
          this.counters.failed += rejected;
          this.config.reportFailure(new SightlineExportError(`server rejected ${rejected} span(s): ${outcome.message}`, 200, rejected));
        }
        return;
      }
      if (!outcome.retryable || attempt >= this.config.maxRetries) {
        this.counters.failed += spans.length;
        const tries = attempt + 1;
        const message = `${outcome.message}${outcome.retryable ? ` (gave up after ${tries} attempts)` : " (not retried)"}`;
        this.config.reportFailure(new SightlineExportError(message, outcome.status, spans.length, { cause: outcome.cause }));
        return;
      }
      this.counters.retried++;
      const delay = outcome.retryAfterMs ?? backoffDelayMs(attempt, this.config.retryBaseDelayMs);
      await sleep(delay, this.waiters.length > 0);
    }
  }

  private async post(body: string): Promise<PostOutcome> {
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
      const text = await response.text().catch(() => "");
      if (response.ok) return { kind: "ok", ...partialSuccess(text) };
      return {
        kind: "failed",
        status: response.status,
        retryable: RETRYABLE_STATUSES.has(response.status),
        retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after")),
        message: `HTTP ${response.status} from ${this.config.endpoint}${serverMessage(text)}`,
      };
    } catch (error) {
      const reason = abort.signal.aborted ? `timed out after ${this.config.timeoutMs} ms` : describeNetworkError(error);
      return { kind: "failed", status: undefined, retryable: true, retryAfterMs: undefined, message: `could not reach ${this.config.endpoint}: ${reason}`, cause: error };
    } finally {
      clearTimeout(timer);
    }
  }

  private settledUpTo(seq: number): boolean {
    const oldest = this.oldest();
    if (oldest && oldest.seq <= seq) return false;
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
  | { kind: "ok"; rejectedSpans: number; message: string }
  | { kind: "failed"; status: number | undefined; retryable: boolean; retryAfterMs: number | undefined; message: string; cause?: unknown };

/** Reads `partialSuccess` of an OTLP/JSON response; a body we cannot read counts as full success. */
function partialSuccess(text: string): { rejectedSpans: number; message: string } {
  try {
    const parsed = JSON.parse(text) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } };
    const rejected = Number(parsed.partialSuccess?.rejectedSpans ?? 0);
    return { rejectedSpans: Number.isFinite(rejected) ? rejected : 0, message: parsed.partialSuccess?.errorMessage ?? "" };
  } catch {
    return { rejectedSpans: 0, message: "" };
  }
}

/** The `message` of a google.rpc.Status body, when there is one. */
function serverMessage(text: string): string {
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === "string" && message) return `: ${message}`;
  } catch {
    // not JSON
  }
  return text ? `: ${text.slice(0, 200)}` : "";
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
