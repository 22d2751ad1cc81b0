import { createHash } from "node:crypto";
import type { ClickHouseClient } from "@clickhouse/client";
import { renderStatement, type DdlTarget } from "./render";
import type { Migration } from "./types";

const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations{{ON_CLUSTER}}
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = {{ENGINE ReplacingMergeTree()}}
ORDER BY version`;

/** sha256 of the unrendered statements: the same migration has the same checksum on every deployment. */
export function migrationChecksum(migration: Migration): string {
  return createHash("sha256").update(migration.statements.join("\n;\n")).digest("hex");
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, and
 * records each one. A recorded migration whose text changed since it was applied is an
 * error: schema history is append-only, so a change needs a new version.
 */
export async function runMigrations(client: ClickHouseClient, migrations: readonly Migration[], target: DdlTarget): Promise<Migration[]> {
  await client.command({ query: renderStatement(SCHEMA_MIGRATIONS_DDL, target) });
  const result = await client.query({
    query: "SELECT version, checksum FROM schema_migrations ORDER BY version LIMIT 1 BY version",
    format: "JSONEachRow",
  });
  const applied = new Map((await result.json<{ version: number | string; checksum: string }>()).map((row) => [Number(row.version), row.checksum]));

  const newlyApplied: Migration[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const checksum = migrationChecksum(migration);
    const recorded = applied.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== checksum) {
        throw new Error(
          `ClickHouse migration ${migration.version} (${migration.name}) was changed after it was applied (checksum ${recorded} → ${checksum}); add a new migration instead`,
        );
      }
      continue;
    }
    for (const statement of migration.statements) await client.command({ query: renderStatement(statement, target) });
    await client.insert({
      table: "schema_migrations",
      values: [{ version: migration.version, name: migration.name, checksum }],
      format: "JSONEachRow",
    });
    newlyApplied.push(migration);
  }
  return newlyApplied;
}
