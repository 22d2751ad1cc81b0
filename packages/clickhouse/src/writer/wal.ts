import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { RowFormat } from "./insert-sql";
import { checkRowBinarySpans } from "./row-binary";

/**
 * How batches are written now (`.rows2`, every column). Files left by earlier versions are
 * still replayed: `.rowbinary` (RowBinary without the columns of migration 0008) and `.ndjson`.
 */
export const WAL_FORMAT: RowFormat = "RowBinary";
const EXTENSION: Record<RowFormat, string> = { RowBinary: "rows2", RowBinaryV1: "rowbinary", JSONEachRow: "ndjson" };
const WAL_FILE = /^(\d{20})\.(rows2|rowbinary|ndjson)$/;
/** Any file the log ever wrote, including set-aside ones: sequence numbers are never reused. */
const ANY_WAL_FILE = /^(\d{20})\.(rows2|rowbinary|ndjson)/;

/**
 * The write-ahead log: each batch is a file `<dir>/<seq>.rows2` that fills while the
 * batch before it is being inserted, then is inserted (embedded: read by the engine with
 * file(); server: streamed to it) and deleted. Files left behind by a crash are replayed on open.
 */
export class WriteAheadLog {
  private nextSeq = 0;

  /**
   * `sync`: fsync each file and the directory before its INSERT (WriterOptions.walFsync, off by
   * default). The file only matters for a batch not yet acknowledged, and ClickHouse does not
   * fsync inserted parts unless told to, so turning it off trades power-loss safety of
   * unacknowledged batches for latency. A process crash (kill -9) loses nothing either way:
   * the page cache survives it.
   */
  private constructor(
    readonly dir: string,
    private readonly sync: boolean,
  ) {}

  static async open(dir: string, options: { sync?: boolean } = {}): Promise<WriteAheadLog> {
    await mkdir(dir, { recursive: true });
    const wal = new WriteAheadLog(dir, options.sync ?? false);
    const seqs = (await readdir(dir)).map((name) => ANY_WAL_FILE.exec(name)?.[1]).filter((seq) => seq !== undefined);
    wal.nextSeq = seqs.length ? Math.max(...seqs.map(Number)) + 1 : 0;
    return wal;
  }

  /** Absolute paths of files not yet inserted, oldest first. */
  async leftovers(): Promise<string[]> {
    const names = (await readdir(this.dir)).filter((name) => WAL_FILE.test(name)).sort();
    return names.map((name) => join(this.dir, name));
  }

  /** Starts the next file; its appends are written in order, in the background. */
  begin(): WalFile {
    return new WalFile(join(this.dir, `${String(this.nextSeq++).padStart(20, "0")}.${EXTENSION[WAL_FORMAT]}`), this.sync, this.dir);
  }

  static formatOf(path: string): RowFormat {
    if (path.endsWith(".ndjson")) return "JSONEachRow";
    return path.endsWith(".rowbinary") ? "RowBinaryV1" : "RowBinary";
  }

  /**
   * Why a left-over file cannot be replayed, or null. A file whose write completed is whole
   * rows; a torn one (crash mid-write) usually ends inside a row (RowBinary) or without a
   * final newline (NDJSON). One torn at a row boundary is replayed as far as it goes:
   * harmless, since its rows were never acknowledged and replays are idempotent.
   */
  async damage(path: string): Promise<string | null> {
    const format = WriteAheadLog.formatOf(path);
    if (format !== "JSONEachRow") {
      const check = checkRowBinarySpans(await readFile(path), format === "RowBinaryV1" ? "v1" : "current");
      return "error" in check ? check.error : check.rows === 0 ? "torn write: empty file" : null;
    }
    return (await this.endsWithNewline(path)) ? null : "torn write (no final newline)";
  }

  private async endsWithNewline(path: string): Promise<boolean> {
    const file = await open(path, "r");
    try {
      const { size } = await file.stat();
      if (size === 0) return false;
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } finally {
      await file.close();
    }
  }

  async remove(path: string): Promise<void> {
    await unlink(path);
  }

  /** Moves a file that cannot be inserted out of the replay set, keeping it for inspection. */
  async quarantine(path: string): Promise<string> {
    const target = `${path}.failed`;
    await rename(path, target);
    return target;
  }
}

/** One batch's file while it fills. */
export class WalFile {
  private readonly handle: Promise<FileHandle>;
  /** The chain of writes so far: a failed write fails every later one, and finish(). */
  private tail: Promise<void>;

  constructor(
    readonly path: string,
    private readonly sync: boolean,
    private readonly dir: string,
  ) {
    this.handle = open(path, "wx");
    this.tail = this.handle.then(() => undefined);
    this.tail.catch(() => undefined); // reported by finish()
  }

  append(bytes: Buffer): void {
    this.tail = this.tail.then(async () => {
      const file = await this.handle;
      for (let at = 0; at < bytes.length; ) at += (await file.write(bytes, at, bytes.length - at)).bytesWritten;
    });
    this.tail.catch(() => undefined);
  }

  /** Waits for every append and closes the file (fsynced with its directory entry when `sync`). */
  async finish(): Promise<void> {
    try {
      await this.tail;
      if (this.sync) await (await this.handle).sync();
    } finally {
      await (await this.handle.catch(() => undefined))?.close();
    }
    if (this.sync) {
      const dir = await open(this.dir, "r");
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  }
}
