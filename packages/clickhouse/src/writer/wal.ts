import { mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import { join } from "node:path";

const WAL_FILE = /^(\d{20})\.ndjson$/;
/** Buffers per writev call (the usual IOV_MAX). */
const WRITEV_MAX_BUFFERS = 1024;
/** Any file the log ever wrote, including set-aside ones: sequence numbers are never reused. */
const ANY_WAL_FILE = /^(\d{20})\.ndjson/;

/**
 * The write-ahead log of the embedded writer: each batch is written as NDJSON to
 * `<dir>/<seq>.ndjson` (fsynced when asked) before its INSERT reads it back with file(); it is
 * deleted once the INSERT returned. Files left behind by a crash are replayed on open.
 */
export class WriteAheadLog {
  private nextSeq = 0;

  /**
   * `sync`: fsync each file and the directory (WriterOptions.walFsync, off by default). The
   * file only matters for a batch not yet acknowledged, and ClickHouse does not fsync
   * inserted parts unless told to, so turning it off trades power-loss safety of
   * unacknowledged batches for a little latency. A process crash (kill -9) loses nothing
   * either way: the page cache survives it.
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

  /** Writes one batch (fsynced with its directory entry when `sync`) and returns its path. */
  async append(lines: readonly string[]): Promise<string> {
    const path = join(this.dir, `${String(this.nextSeq++).padStart(20, "0")}.ndjson`);
    const file = await open(path, "wx");
    try {
      // One small buffer per line, written with writev: joining the batch into one string
      // first (tens of MB) and encoding that took several times longer.
      for (let at = 0; at < lines.length; at += WRITEV_MAX_BUFFERS) {
        await file.writev(lines.slice(at, at + WRITEV_MAX_BUFFERS).map((line) => Buffer.from(`${line}\n`)));
      }
      if (this.sync) await file.sync();
    } finally {
      await file.close();
    }
    if (this.sync) await this.syncDir();
    return path;
  }

  /**
   * A file whose write completed ends with a newline; a torn one (crash mid-write) usually
   * does not. One torn at a line boundary is replayed as far as it goes: harmless, since its
   * rows were never acknowledged and replays are idempotent.
   */
  async isComplete(path: string): Promise<boolean> {
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

  private async syncDir(): Promise<void> {
    const dir = await open(this.dir, "r");
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
