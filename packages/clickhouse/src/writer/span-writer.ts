import type { CanonicalSpan } from "@sightline/core";
import { StorageUnavailableError, WriterBusyError, WriterClosedError } from "./errors";
import { encodeSpans, unseenRows, type EncodedSpans } from "./row-chunk";
import { RowKeySet } from "./row-keys";

export interface WriterOptions {
  /** A batch is sealed (its INSERT is the next to run) once it holds this many rows (10k was the best batch size measured on chdb). */
  maxBatchRows?: number;
  /**
   * INSERTs that may run at once (default 2). With one, the next batch waits for the running
   * INSERT to end; with two, it starts on the other session once minInsertIntervalMs has
   * passed, so a slow INSERT does not hold up the acknowledgements after it. Under load (more
   * than half a batch of rows pending) one INSERT at a time runs, so batches stay large: each
   * INSERT has a fixed cost (see minInsertIntervalMs) whatever its size.
   */
  maxConcurrentInserts?: number;
  /**
   * A batch that is not full starts its INSERT at least this long after the previous INSERT
   * started (default 100 ms; a full batch goes as soon as a slot is free). Every INSERT costs
   * the engine a new part, ~17 ms of CPU whatever its size, and more merging later: started
   * back to back at 18k spans/s on 2 cores, INSERTs of a few hundred rows took more CPU than
   * the rows did (100 µs per span in all, p99 239 ms); at most 10 a second, 60 µs and p99
   * 160 ms. After a quiet spell a write still starts its INSERT at once.
   */
  minInsertIntervalMs?: number;
  /** Accepted-but-not-durable rows above which write() throws WriterBusyError. */
  maxPendingRows?: number;
  /** Same bound in bytes of encoded rows. */
  maxPendingBytes?: number;
  /**
   * fsync each write-ahead-log file and its directory entry before its INSERT (default false).
   * It would protect only batches not yet acknowledged, which their clients retry anyway;
   * acknowledged rows rest on the INSERT itself (ClickHouse does not fsync parts by default),
   * so the fsync costs latency on every batch and buys nothing acknowledged.
   */
  walFsync?: boolean;
}

export interface WriterStats {
  /** INSERT statements run. */
  inserts: number;
  /** Rows inserted (after in-batch de-duplication). */
  rows: number;
  /** Rows accepted by write() and not yet durable (filling a batch, or in the running INSERT). */
  pendingRows: number;
}

export interface SpanWriter {
  /** Resolves once every span is durably in ClickHouse. Throws WriterBusyError when the backlog is full. */
  write(spans: CanonicalSpan[]): Promise<void>;
  /** Same, for spans already encoded (e.g. by an ingest worker thread). */
  writeEncoded(encoded: EncodedSpans): Promise<void>;
  stats(): WriterStats;
}

/** Where one batch's rows go while it fills, and how it becomes durable. */
export interface BatchTarget {
  /** Appends RowBinary rows; appends are written in order, in the background. */
  append(rows: Buffer): void;
  /** Waits for the appends, then INSERTs the batch; resolves once durable, and cleans up either way. */
  commit(): Promise<void>;
}

/** Starts batches (embedded and server: a write-ahead-log file each). */
export interface BatchSink {
  begin(): BatchTarget;
  /** Batches kept because ClickHouse was unreachable. */
  spooled(): number;
  /** Inserts the spooled batches, oldest first; throws StorageUnavailableError while ClickHouse stays unreachable. */
  drainSpool(): Promise<void>;
}

export const DEFAULT_WRITER_OPTIONS: Required<WriterOptions> = {
  maxBatchRows: 10_000,
  maxConcurrentInserts: 2,
  minInsertIntervalMs: 100,
  maxPendingRows: 100_000,
  maxPendingBytes: 256 * 1024 * 1024,
  walFsync: false,
};

interface Batch {
  target: BatchTarget;
  /** Keys of the rows appended: a span repeated within one batch is written once. */
  seen: RowKeySet;
  /** Rows accepted into this batch, duplicates included (what the backlog counts). */
  acceptedRows: number;
  /** Rows appended (after de-duplication). */
  rows: number;
  bytes: number;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/**
 * Group commit, pipelined: each write() encodes its rows and appends them at once to the
 * batch that is filling, then waits for that batch's INSERT. Up to `maxConcurrentInserts`
 * INSERTs run at a time, started at most once per `minInsertIntervalMs` unless the batch is
 * full; while they run the next batch fills, so encoding and file writes overlap the
 * engine's work.
 */
export class GroupCommitWriter implements SpanWriter {
  private readonly options: Required<WriterOptions>;
  private filling: Batch | null = null;
  /** Full batches waiting for their INSERT, oldest first. */
  private readonly sealed: Batch[] = [];
  private readonly running = new Set<Promise<void>>();
  private scheduled = false;
  private lastInsertStart = Number.NEGATIVE_INFINITY;
  /** Set while a timer waits for minInsertIntervalMs to pass. */
  private intervalTimer: NodeJS.Timeout | null = null;
  private pendingRows = 0;
  private pendingBytes = 0;
  private inserts = 0;
  private insertedRows = 0;
  private lastRowsPerSecond = 0;
  private closed = false;
  /** Set while ClickHouse is unreachable: writes are refused until the spool has drained. */
  private outage: { retryAt: number; backoffMs: number; timer: NodeJS.Timeout | null } | null = null;

  constructor(
    private readonly sink: BatchSink,
    options: WriterOptions = {},
  ) {
    this.options = { ...DEFAULT_WRITER_OPTIONS, ...options };
  }

  write(spans: CanonicalSpan[]): Promise<void> {
    return this.writeEncoded(encodeSpans(spans));
  }

  writeEncoded(encoded: EncodedSpans): Promise<void> {
    const count = encoded.rowEnds.length;
    if (this.closed) return Promise.reject(new WriterClosedError());
    if (count === 0) return Promise.resolve();
    if (this.outage) {
      const seconds = Math.max(1, Math.ceil((this.outage.retryAt - Date.now()) / 1000));
      return Promise.reject(new WriterBusyError(seconds, `ClickHouse is unreachable; ${this.sink.spooled()} batches spooled`));
    }
    // An oversized write is still accepted when nothing is pending, or it could never land.
    if (this.pendingRows > 0 && (this.pendingRows + count > this.options.maxPendingRows || this.pendingBytes > this.options.maxPendingBytes)) {
      return Promise.reject(new WriterBusyError(this.retryAfterSeconds(), `${this.pendingRows} rows / ${this.pendingBytes} bytes pending`));
    }
    const batch = (this.filling ??= this.newBatch());
    const chunk = unseenRows(encoded, batch.seen);
    if (chunk.rows > 0) batch.target.append(chunk.bytes);
    batch.acceptedRows += count;
    batch.rows += chunk.rows;
    batch.bytes += chunk.bytes.length;
    this.pendingRows += count;
    this.pendingBytes += chunk.bytes.length;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    if (batch.acceptedRows >= this.options.maxBatchRows) this.seal();
    this.schedule();
    return done;
  }

  stats(): WriterStats {
    return { inserts: this.inserts, rows: this.insertedRows, pendingRows: this.pendingRows };
  }

  /** Stops accepting writes and waits until everything accepted is durable (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    // Spooled batches stay in the write-ahead log: the next start replays them.
    if (this.outage?.timer) clearTimeout(this.outage.timer);
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    this.intervalTimer = null;
    this.seal();
    this.drain();
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private newBatch(): Batch {
    return { target: this.sink.begin(), seen: new RowKeySet(), acceptedRows: 0, rows: 0, bytes: 0, waiters: [] };
  }

  private seal(): void {
    if (this.filling) this.sealed.push(this.filling);
    this.filling = null;
  }

  /** How many INSERTs may run now: all slots at moderate load, one under load. */
  private insertSlots(): number {
    return this.pendingRows > this.options.maxBatchRows / 2 ? 1 : this.options.maxConcurrentInserts;
  }

  /** Starts the next INSERT after the current tick, so writes issued together share it. */
  private schedule(): void {
    if (this.running.size >= this.insertSlots() || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.running.size < this.insertSlots() || (this.closed && this.running.size < this.options.maxConcurrentInserts)) {
      if (this.sealed.length === 0) {
        if (!this.filling) return;
        const wait = this.lastInsertStart + this.options.minInsertIntervalMs - performance.now();
        if (wait > 0 && !this.closed) return this.drainAfter(wait);
        this.seal();
      }
      const batch = this.sealed.shift()!;
      this.lastInsertStart = performance.now();
      const run: Promise<void> = this.insert(batch).finally(() => {
        this.running.delete(run);
        this.drain();
      });
      this.running.add(run);
    }
  }

  /** Not unref'd: a pending write must keep the process alive until it is durable. */
  private drainAfter(ms: number): void {
    if (this.intervalTimer) return;
    this.intervalTimer = setTimeout(() => {
      this.intervalTimer = null;
      this.drain();
    }, Math.ceil(ms));
  }

  private async insert(batch: Batch): Promise<void> {
    const started = performance.now();
    let failure: { error: unknown } | null = null;
    try {
      await batch.target.commit();
      this.inserts++;
      this.insertedRows += batch.rows;
      const seconds = (performance.now() - started) / 1000;
      if (seconds > 0) this.lastRowsPerSecond = batch.rows / seconds;
    } catch (error) {
      failure = { error };
      if (error instanceof StorageUnavailableError) this.startOutage(error);
    }
    this.pendingRows -= batch.acceptedRows;
    this.pendingBytes -= batch.bytes;
    // Not acknowledged on failure: the clients retry the whole write.
    for (const waiter of batch.waiters) {
      if (failure) waiter.reject(failure.error);
      else waiter.resolve();
    }
  }

  private startOutage(error: StorageUnavailableError): void {
    if (this.outage || this.closed) return;
    console.warn(`[sightline/clickhouse] ${error.message}: spooling batches and refusing writes until it answers`);
    this.outage = { backoffMs: 1000, retryAt: Date.now() + 1000, timer: null };
    this.scheduleRecovery();
  }

  /** Retries the spool with exponential backoff (1 s doubling to 30 s); writes are accepted again once it drained. */
  private scheduleRecovery(): void {
    const outage = this.outage!;
    outage.timer = setTimeout(() => {
      outage.timer = null;
      this.sink.drainSpool().then(
        () => {
          this.outage = null;
          console.warn("[sightline/clickhouse] ClickHouse answers again: spooled batches inserted, writes accepted");
        },
        () => {
          if (this.closed) return;
          outage.backoffMs = Math.min(30_000, outage.backoffMs * 2);
          outage.retryAt = Date.now() + outage.backoffMs;
          this.scheduleRecovery();
        },
      );
    }, outage.retryAt - Date.now());
  }

  /** How long the backlog should take to drain at the last measured rate (1–60 s). */
  private retryAfterSeconds(): number {
    const rate = this.lastRowsPerSecond > 0 ? this.lastRowsPerSecond : 10_000;
    return Math.min(60, Math.max(1, Math.ceil(this.pendingRows / rate)));
  }
}
