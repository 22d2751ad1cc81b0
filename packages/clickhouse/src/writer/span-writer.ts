import type { CanonicalSpan } from "@sightline/core";
import { spanKey, spanToRow } from "../row";
import { WriterBusyError, WriterClosedError } from "./errors";

export interface WriterOptions {
  /** Rows per INSERT at most (10k was the best batch size measured on chdb). */
  maxBatchRows?: number;
  /** Accepted-but-not-durable rows above which write() throws WriterBusyError. */
  maxPendingRows?: number;
  /** Same bound in bytes of NDJSON. */
  maxPendingBytes?: number;
  /**
   * Under sustained load, how long (ms) an INSERT may wait for as many rows as the largest of
   * the last few carried: callers that were just acknowledged send again, a little apart.
   * Without it, the first to arrive would go alone and the rest form a second INSERT. 0 = off.
   */
  batchDelayMs?: number;
  /**
   * Embedded only: fsync each write-ahead-log file and its directory entry before its INSERT
   * (default false). It would protect only batches not yet acknowledged, which their clients
   * retry anyway; acknowledged rows rest on the INSERT itself (ClickHouse does not fsync parts
   * by default), so the fsync costs latency on every batch and buys nothing acknowledged.
   */
  walFsync?: boolean;
}

export interface WriterStats {
  /** INSERT statements run. */
  inserts: number;
  /** Rows inserted (after in-batch de-duplication). */
  rows: number;
  /** Rows accepted by write() and not yet durable (queued or in the running INSERT). */
  pendingRows: number;
}

export interface SpanWriter {
  /** Resolves once every span is durably in ClickHouse. Throws WriterBusyError when the backlog is full. */
  write(spans: CanonicalSpan[]): Promise<void>;
  stats(): WriterStats;
}

/** Inserts one batch of NDJSON SpanRow lines; resolves when they are durable. */
export type BatchSink = (lines: string[]) => Promise<void>;

export const DEFAULT_WRITER_OPTIONS: Required<WriterOptions> = {
  maxBatchRows: 10_000,
  maxPendingRows: 100_000,
  maxPendingBytes: 256 * 1024 * 1024,
  batchDelayMs: 5,
  walFsync: false,
};

/** An INSERT that ended less than this long ago means writers are active: worth gathering for. */
const SUSTAINED_LOAD_WINDOW_MS = 1_000;
/** How many recent INSERTs set the row count worth waiting for (one cut short by the delay must not shrink it for good). */
const RECENT_BATCHES = 8;

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
  /** Rows of this write() not yet taken into a batch. */
  untaken: number;
  /** Batches holding rows of this write() that have not finished. */
  openBatches: number;
  failed: boolean;
}

interface PendingWrite {
  lines: string[];
  keys: string[];
  bytes: number[];
  /** Index of the first line not yet taken into a batch. */
  offset: number;
  waiter: Waiter;
}

/**
 * Group commit: write() calls queue their rows and wait; one INSERT runs at a time and,
 * when it finishes, the next takes everything queued (up to maxBatchRows). Duplicate
 * (project, trace, span) keys within one batch are dropped before the INSERT.
 */
export class GroupCommitWriter implements SpanWriter {
  private readonly options: Required<WriterOptions>;
  private readonly queue: PendingWrite[] = [];
  private pendingRows = 0;
  private pendingBytes = 0;
  /** Rows queued and not yet taken into a batch. */
  private queuedRows = 0;
  /** Rows of the last few INSERTs: the largest is what a full round of active writers brings. */
  private recentBatchRows: number[] = [];
  private lastInsertEndedAt = Number.NEGATIVE_INFINITY;
  private gathering: { targetRows: number; done: () => void } | null = null;
  private inserts = 0;
  private insertedRows = 0;
  private lastRowsPerSecond = 0;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly sink: BatchSink,
    options: WriterOptions = {},
  ) {
    this.options = { ...DEFAULT_WRITER_OPTIONS, ...options };
  }

  async write(spans: CanonicalSpan[]): Promise<void> {
    if (this.closed) throw new WriterClosedError();
    if (spans.length === 0) return;
    const lines = spans.map((span) => JSON.stringify(spanToRow(span)));
    const bytes = lines.map((line) => line.length + 1);
    const total = bytes.reduce((a, b) => a + b, 0);
    // An oversized write is still accepted when nothing is pending, or it could never land.
    if (this.pendingRows > 0 && (this.pendingRows + spans.length > this.options.maxPendingRows || this.pendingBytes + total > this.options.maxPendingBytes)) {
      throw new WriterBusyError(this.retryAfterSeconds(), `${this.pendingRows} rows / ${this.pendingBytes} bytes pending`);
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, untaken: spans.length, openBatches: 0, failed: false };
      this.queue.push({ lines, keys: spans.map(spanKey), bytes, offset: 0, waiter });
      this.pendingRows += spans.length;
      this.pendingBytes += total;
      this.queuedRows += spans.length;
      if (this.gathering && this.queuedRows >= this.gathering.targetRows) this.gathering.done();
      this.startDraining();
    });
  }

  stats(): WriterStats {
    return { inserts: this.inserts, rows: this.insertedRows, pendingRows: this.pendingRows };
  }

  /** Stops accepting writes and waits until everything accepted is durable (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    this.gathering?.done(); // flush now, do not wait for followers
    while (this.running) await this.running;
  }

  private startDraining(): void {
    if (this.running || this.queue.length === 0) return;
    // A write queued after the loop's last check but before `running` is cleared starts a new loop.
    this.running = this.drainQueue().finally(() => {
      this.running = null;
      this.startDraining();
    });
  }

  private async drainQueue(): Promise<void> {
    // Yield once so writes issued in the same tick join the first batch.
    await Promise.resolve();
    while (this.queue.length > 0) {
      await this.gatherFollowers();
      await this.insertNextBatch();
    }
  }

  /** Under load, waits (at most batchDelayMs) until as many rows are queued as the largest recent INSERT carried. */
  private async gatherFollowers(): Promise<void> {
    const targetRows = Math.min(Math.max(0, ...this.recentBatchRows), this.options.maxBatchRows);
    const underLoad = performance.now() - this.lastInsertEndedAt < SUSTAINED_LOAD_WINDOW_MS;
    if (this.closed || this.options.batchDelayMs <= 0 || !underLoad || this.queuedRows >= targetRows) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => done(), this.options.batchDelayMs);
      const done = () => {
        clearTimeout(timer);
        this.gathering = null;
        resolve();
      };
      this.gathering = { targetRows, done };
    });
  }

  private async insertNextBatch(): Promise<void> {
    const lines: string[] = [];
    const seen = new Set<string>();
    const waiters = new Set<Waiter>();
    let takenRows = 0;
    let takenBytes = 0;
    while (this.queue.length > 0 && takenRows < this.options.maxBatchRows) {
      const pending = this.queue[0]!;
      const end = Math.min(pending.lines.length, pending.offset + this.options.maxBatchRows - takenRows);
      for (let i = pending.offset; i < end; i++) {
        takenBytes += pending.bytes[i]!;
        const key = pending.keys[i]!;
        if (seen.has(key)) continue;
        seen.add(key);
        lines.push(pending.lines[i]!);
      }
      takenRows += end - pending.offset;
      pending.waiter.untaken -= end - pending.offset;
      pending.offset = end;
      if (!waiters.has(pending.waiter)) {
        waiters.add(pending.waiter);
        pending.waiter.openBatches++;
      }
      if (pending.offset === pending.lines.length) this.queue.shift();
    }
    this.queuedRows -= takenRows;
    this.recentBatchRows.push(takenRows);
    if (this.recentBatchRows.length > RECENT_BATCHES) this.recentBatchRows.shift();

    const started = performance.now();
    let failure: unknown = null;
    try {
      await this.sink(lines);
      this.inserts++;
      this.insertedRows += lines.length;
      const seconds = (performance.now() - started) / 1000;
      if (seconds > 0) this.lastRowsPerSecond = lines.length / seconds;
    } catch (error) {
      failure = error;
    }
    this.lastInsertEndedAt = performance.now();
    this.pendingRows -= takenRows;
    this.pendingBytes -= takenBytes;

    for (const waiter of waiters) {
      waiter.openBatches--;
      if (failure !== null) {
        if (!waiter.failed) this.fail(waiter, failure);
      } else if (!waiter.failed && waiter.openBatches === 0 && waiter.untaken === 0) {
        waiter.resolve();
      }
    }
  }

  /** Rejects a write and drops its rows still queued: it was not acknowledged, so the client retries all of it. */
  private fail(waiter: Waiter, error: unknown): void {
    waiter.failed = true;
    waiter.reject(error);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const pending = this.queue[i]!;
      if (pending.waiter !== waiter) continue;
      const rest = pending.lines.length - pending.offset;
      this.pendingRows -= rest;
      this.queuedRows -= rest;
      for (let j = pending.offset; j < pending.lines.length; j++) this.pendingBytes -= pending.bytes[j]!;
      this.queue.splice(i, 1);
    }
  }

  /** How long the backlog should take to drain at the last measured rate (1–60 s). */
  private retryAfterSeconds(): number {
    const rate = this.lastRowsPerSecond > 0 ? this.lastRowsPerSecond : 10_000;
    return Math.min(60, Math.max(1, Math.ceil(this.pendingRows / rate)));
  }
}
