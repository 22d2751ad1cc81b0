import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { pingPrisma, type Database } from "./database";
import { PrismaClient } from "./generated/prisma/client";
import { applyMigrations } from "./migrate";
import type { SqlExecutor } from "./sql-executor";

/**
 * A Postgres server at `url`. Migrations run first on one dedicated connection (the
 * advisory lock and each transaction must stay on one session); Prisma then gets its own pool.
 */
export async function openServerDatabase(url: string, migrationsDir?: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to Postgres at ${redactUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  try {
    await applyMigrations(pgClientExecutor(client), migrationsDir);
  } finally {
    await client.end().catch(() => undefined);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  return {
    prisma,
    mode: "server",
    ping: () => pingPrisma(prisma),
    close: () => prisma.$disconnect(),
  };
}

export function pgClientExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<Row>(sql, [...params]);
      return result.rows;
    },
    async exec(script: string) {
      // Without parameters pg uses the simple protocol, which runs several statements.
      await client.query(script);
    },
  };
}

/** The URL without its password, for error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
