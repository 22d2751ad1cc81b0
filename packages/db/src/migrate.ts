import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { findMigrationsDir } from "./migrations-dir";
import type { SqlExecutor } from "./sql-executor";

/**
 * Same key as Prisma's schema engine takes around `prisma migrate deploy`, so our runner,
 * other Sightline nodes and Prisma's CLI never migrate the same database at once.
 */
const MIGRATION_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's own DDL for its history table (schema-engine, PostgreSQL flavour). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  /** Folder name, e.g. `20261123000000_init`; migrations apply in name order. */
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma stores it. */
  checksum: string;
}

interface HistoryRow extends Record<string, unknown> {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
  rolled_back_at: Date | string | null;
}

/** A migration that was applied earlier no longer matches its file. */
export class MigrationChecksumMismatchError extends Error {
  constructor(readonly migrationName: string, readonly appliedChecksum: string, readonly fileChecksum: string) {
    super(
      `Migration ${migrationName} was applied with checksum ${appliedChecksum}, but its migration.sql now has ` +
        `checksum ${fileChecksum}. Applied migrations must not be edited: restore the file and put the change ` +
        `in a new migration.`,
    );
    this.name = "MigrationChecksumMismatchError";
  }
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in name order. */
export function readMigrationFiles(migrationsDir: string): MigrationFile[] {
  return readdirSync(migrationsDir)
    .filter((name) => statSync(path.join(migrationsDir, name)).isDirectory())
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      let sql: string;
      try {
        sql = readFileSync(file, "utf8");
      } catch (error) {
        throw new Error(`Migration folder ${name} has no readable migration.sql (${(error as Error).message})`);
      }
      return { name, sql, checksum: sha256Hex(sql) };
    });
}

/**
 * Applies pending migrations in order, each in its own transaction, and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does, so either can take over
 * from the other. Holds a Postgres advisory lock throughout, so concurrent starts wait for
 * each other. Idempotent: already-applied migrations are checked (checksum) and skipped.
 */
export async function applyMigrations(
  exec: SqlExecutor,
  migrationsDir: string = findMigrationsDir(),
): Promise<{ applied: string[] }> {
  const files = readMigrationFiles(migrationsDir);
  await exec.query("SELECT pg_advisory_lock($1)", [MIGRATION_ADVISORY_LOCK_KEY]);
  try {
    await exec.exec(CREATE_MIGRATIONS_TABLE);
    const history = await exec.query<HistoryRow>(
      "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
    );
    assertNoUnresolvedFailure(history);
    const applied: string[] = [];
    for (const file of files) {
      const done = history.find((row) => row.migration_name === file.name && row.finished_at !== null && row.rolled_back_at === null);
      if (done) {
        if (!checksumMatches(file.sql, done.checksum)) {
          throw new MigrationChecksumMismatchError(file.name, done.checksum, file.checksum);
        }
        continue;
      }
      await applyOne(exec, file);
      applied.push(file.name);
    }
    return { applied };
  } finally {
    await exec.query("SELECT pg_advisory_unlock($1)", [MIGRATION_ADVISORY_LOCK_KEY]);
  }
}

async function applyOne(exec: SqlExecutor, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await exec.exec("BEGIN");
  try {
    await exec.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)",
      [id, file.checksum, file.name],
    );
    await exec.exec(file.sql);
    await exec.query(
      "UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = applied_steps_count + 1 WHERE id = $1",
      [id],
    );
    await exec.exec("COMMIT");
  } catch (error) {
    await exec.exec("ROLLBACK").catch(() => undefined);
    throw new Error(`Migration ${file.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
  }
}

/** A row Prisma left behind when a migration failed outside our runner (no transaction). */
function assertNoUnresolvedFailure(history: HistoryRow[]): void {
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new Error(
      `Migration ${failed.migration_name} is recorded as started but never finished. Repair the database, then ` +
        `mark it with \`prisma migrate resolve --rolled-back ${failed.migration_name}\` (or --applied).`,
    );
  }
}

/** Like Prisma, a file whose only change is its line endings (a Windows checkout) still matches. */
function checksumMatches(sql: string, applied: string): boolean {
  const candidates = [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\r?\n/g, "\r\n")];
  return candidates.some((text) => sha256Hex(text) === applied);
}
