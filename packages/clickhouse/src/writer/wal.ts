import { mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import { join } from "node:path";

const WAL_FILE = /^(\d{20})\.ndjson$/;

/**
 * The write-ahead log of the embedded writer: each batch is written as NDJSON to
 * `<dir>/<seq>.ndjson` and fsynced before its INSERT reads it back with file(); it is
 * deleted once the INSERT returned. Files left behind by a crash are replayed on open.
 */
export class WriteAheadLog {
  private nextSeq = 0;

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<WriteAheadLog> {
    await mkdir(dir, { recursive: true });
    const wal = new WriteAheadLog(dir);
    const leftovers = await wal.leftovers();
    const last = leftovers.at(-1);
    wal.nextSeq = last ? Number(WAL_FILE.exec(last.slice(dir.length + 1))![1]) + 1 : 0;
    return wal;
  }

  /** Absolute paths of files not yet inserted, oldest first. */
  async leftovers(): Promise<string[]> {
    const names = (await readdir(this.dir)).filter((name) => WAL_FILE.test(name)).sort();
    return names.map((name) => join(this.dir, name));
  }

  /** Writes one batch durably (file and directory entry fsynced) and returns its path. */
  async append(lines: readonly string[]): Promise<string> {
    const path = join(this.dir, `${String(this.nextSeq++).padStart(20, "0")}.ndjson`);
    const file = await open(path, "wx");
    try {
      await file.writeFile(lines.join("\n") + "\n");
      await file.sync();
    } finally {
      await file.close();
    }
    await this.syncDir();
    return path;
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
