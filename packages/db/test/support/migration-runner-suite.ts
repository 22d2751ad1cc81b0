import { afterAll, beforeAll, expect, it } from "vitest";
import { applyMigrations, findMigrationsDir, MigrationChecksumMismatchError, readMigrationFiles, type SqlExecutor } from "../../src/index";
import { sha256Hex } from "../../src/migrate";
import { copyMigrations, type TempMigrations } from "./temp-migrations";

export const INIT = "20261123000000_init";
/** Every migration folder of the repository, in the order they apply. */
export const REPO_MIGRATIONS = readMigrationFiles(findMigrationsDir()).map((file) => file.name);

interface HistoryRow extends Record<string, unknown> {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

/**
 * The migration runner's behaviour on one empty database, step by step (the tests build
 * on each other). Registered inside a `describe` by the embedded and the server test file.
 */
export function migrationRunnerTests(connect: () => Promise<{ exec: SqlExecutor; close(): Promise<void> }>): void {
  let exec: SqlExecutor;
  let close: () => Promise<void>;
  let migrations: TempMigrations;
  const history = () =>
    exec.query<HistoryRow>("SELECT * FROM _prisma_migrations ORDER BY started_at, migration_name");
  const tableExists = async (name: string) =>
    (await exec.query<{ oid: string | null }>("SELECT to_regclass($1)::text AS oid", [name]))[0]?.oid !== null;

  beforeAll(async () => {
    ({ exec, close } = await connect());
    migrations = copyMigrations();
    // The runner is exercised on the init migration alone; the later ones are checked by
    // the drift test and by the "all applied" checks of the database tests.
    for (const name of REPO_MIGRATIONS) if (name !== INIT) migrations.remove(name);
  });
  afterAll(async () => {
    await close?.();
    migrations?.dispose();
  });

  it("applies the init migration to an empty database and records it as Prisma does", async () => {
    expect(await applyMigrations(exec, migrations.dir)).toEqual({ applied: [INIT] });
    const rows = await history();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.checksum).toBe(sha256Hex(migrations.read(INIT)));
    expect(row.migration_name).toBe(INIT);
    expect(row.logs).toBeNull();
    expect(row.rolled_back_at).toBeNull();
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    expect(row.applied_steps_count).toBe(1);
    expect(await tableExists("users")).toBe(true);
  });

  it("creates _prisma_migrations with Prisma's own column types", async () => {
    const columns = await exec.query<{ name: string; type: string; not_null: boolean; default: string | null }>(`
      SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
             pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 ORDER BY a.attnum`);
    expect(columns).toEqual([
      { name: "id", type: "character varying(36)", not_null: true, default: null },
      { name: "checksum", type: "character varying(64)", not_null: true, default: null },
      { name: "finished_at", type: "timestamp with time zone", not_null: false, default: null },
      { name: "migration_name", type: "character varying(255)", not_null: true, default: null },
      { name: "logs", type: "text", not_null: false, default: null },
      { name: "rolled_back_at", type: "timestamp with time zone", not_null: false, default: null },
      { name: "started_at", type: "timestamp with time zone", not_null: true, default: "now()" },
      { name: "applied_steps_count", type: "integer", not_null: true, default: "0" },
    ]);
  });

  it("applies nothing the second time", async () => {
    expect(await applyMigrations(exec, migrations.dir)).toEqual({ applied: [] });
    expect(await history()).toHaveLength(1);
  });

  it("applies only new migrations, in folder-name order", async () => {
    // Written out of order on purpose: the second one needs the table the first creates.
    migrations.write("20261124000001_add_note_index", 'CREATE INDEX "notes_body_idx" ON "notes"("body");\n');
    migrations.write("20261124000000_add_notes", 'CREATE TABLE "notes" ("id" TEXT NOT NULL, "body" TEXT NOT NULL);\n');
    expect(await applyMigrations(exec, migrations.dir)).toEqual({
      applied: ["20261124000000_add_notes", "20261124000001_add_note_index"],
    });
    expect((await history()).map((r) => r.migration_name)).toEqual([
      INIT,
      "20261124000000_add_notes",
      "20261124000001_add_note_index",
    ]);
  });

  it("rolls a failing migration back entirely and records nothing", async () => {
    const broken = "20261125000000_broken";
    migrations.write(broken, 'CREATE TABLE "half_done" ("id" TEXT);\nSELECT * FROM "no_such_table";\n');
    await expect(applyMigrations(exec, migrations.dir)).rejects.toThrow(
      /Migration 20261125000000_broken failed and was rolled back: .*no_such_table/,
    );
    expect(await tableExists("half_done")).toBe(false);
    expect((await history()).map((r) => r.migration_name)).not.toContain(broken);
    migrations.remove(broken);
    expect(await applyMigrations(exec, migrations.dir)).toEqual({ applied: [] });
  });

  it("refuses to start when an applied migration's file was edited", async () => {
    const original = migrations.read(INIT);
    migrations.write(INIT, `${original}\n-- an edit after the fact\n`);
    const attempt = applyMigrations(exec, migrations.dir);
    await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumMismatchError);
    await expect(attempt).rejects.toThrow(`Migration ${INIT} was applied with checksum ${sha256Hex(original)}`);
    migrations.write(INIT, original);
  });

  it("accepts an applied migration whose only change is CRLF line endings, as Prisma does", async () => {
    const original = migrations.read(INIT);
    migrations.write(INIT, original.replace(/\n/g, "\r\n"));
    expect(await applyMigrations(exec, migrations.dir)).toEqual({ applied: [] });
    migrations.write(INIT, original);
  });

  it("refuses to run past a migration Prisma left unfinished", async () => {
    await exec.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)",
      ["00000000-0000-4000-8000-000000000000", "0".repeat(64), "20261126000000_failed_elsewhere"],
    );
    await expect(applyMigrations(exec, migrations.dir)).rejects.toThrow(
      /20261126000000_failed_elsewhere is recorded as started but never finished/,
    );
    await exec.query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", [
      "20261126000000_failed_elsewhere",
    ]);
    expect(await applyMigrations(exec, migrations.dir)).toEqual({ applied: [] });
  });
}
