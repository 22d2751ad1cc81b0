import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { acquireDataDirLock } from "./data-dir-lock";
import { pingPrisma, type Database } from "./database";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";
import type { SqlExecutor } from "./sql-executor";

/**
 * PGlite (Postgres compiled to WASM, in this process) under `<dataDir>/postgres`, guarded
 * by `<dataDir>/postgres.lock`; migrations are applied before it is returned.
 * @throws DataDirLockedError when another live process has the folder open
 */
export async function openEmbeddedDatabase(dataDir: string, migrationsDir?: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  let pglite: PGlite | undefined;
  try {
    pglite = await PGlite.create(path.join(dataDir, "postgres"));
    await applyMigrations(pgliteExecutor(pglite), migrationsDir);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    const opened = pglite;
    return {
      prisma,
      mode: "embedded",
      ping: () => pingPrisma(prisma),
      async close() {
        try {
          await prisma.$disconnect();
          if (!opened.closed) await opened.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    if (pglite && !pglite.closed) await pglite.close().catch(() => undefined);
    lock.release();
    throw error;
  }
}

export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      const result = await pglite.query<Row>(sql, [...params]);
      return result.rows;
    },
    async exec(script: string) {
      await pglite.exec(script);
    },
  };
}
