import { linkSync, readFileSync, realpathSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DataDirLockedError } from "./errors";

/** An exclusive hold on `<dataDir>/postgres.lock`; PGlite itself takes no lock. */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

// Lock files this process holds, shared by every copy of this module (Next may load it twice):
// a lock naming our own pid that we do not hold is a leftover from an earlier process that
// had the same pid (pid 1 in a restarted container), not a live owner.
const heldKey = Symbol.for("sightline.db.heldLocks");
const globalWithHeld = globalThis as typeof globalThis & { [heldKey]?: Set<string> };
const held: Set<string> = (globalWithHeld[heldKey] ??= new Set());

/**
 * Takes `<dataDir>/postgres.lock`, created atomically with our pid in it. A lock whose pid
 * is no longer running is stale and taken over. Released by `release()` or at process exit.
 * @throws DataDirLockedError when a live process (this one included) holds it
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  // The real path, so two spellings of one folder (relative, symlinked) are one lock.
  const file = path.join(realpathSync(dataDir), "postgres.lock");
  if (held.has(file)) throw new DataDirLockedError(dataDir, process.pid);
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(file)) break;
    const owner = readOwner(file);
    if (owner === undefined) continue; // vanished between our create and read: try again
    if (owner.pid !== null && owner.pid !== process.pid && isAlive(owner.pid)) {
      throw new DataDirLockedError(dataDir, owner.pid);
    }
    if (attempt >= 3) throw new Error(`Could not take over the stale lock ${file}; remove it if no process uses ${dataDir}`);
    removeIfUnchanged(file, owner.content);
  }
  held.add(file);
  const releaseAtExit = () => removeIfOurs(file);
  process.on("exit", releaseAtExit);
  return {
    file,
    release() {
      if (!held.delete(file)) return;
      process.off("exit", releaseAtExit);
      removeIfOurs(file);
    },
  };
}

/** Writes a temp file and hard-links it into place: the lock appears atomically, pid included. */
function tryCreate(file: string): boolean {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, `${process.pid}\n`, { flag: "wx" });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

function readOwner(file: string): { pid: number | null; content: string } | undefined {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const pid = Number.parseInt(content.trim(), 10);
  return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : null, content };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes a stale lock unless another process replaced it since we read it. */
function removeIfUnchanged(file: string, staleContent: string): void {
  if (readOwner(file)?.content !== staleContent) return;
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

function removeIfOurs(file: string): void {
  try {
    if (readOwner(file)?.pid === process.pid) unlinkSync(file);
  } catch {
    // Exiting: nothing useful to do if the file is already gone or unreadable.
  }
}
