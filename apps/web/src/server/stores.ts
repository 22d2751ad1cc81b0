import { mkdirSync } from "node:fs";
import { clickHouseConfigFromEnv, openClickHouse, writerOptionsFromEnv, type ClickHouseStore } from "@sightline/clickhouse";
import { databaseConfigFromEnv, openDatabase, type Database } from "@sightline/db";
import { runFirstStart } from "@/features/bootstrap/first-start";
import { resolveDataDir } from "./paths";

export interface Stores {
  clickhouse: ClickHouseStore;
  db: Database;
}

interface StoresHolder {
  opening: Promise<Stores> | null;
}

// One set of engine handles per process, kept on globalThis: Next may load this module
// more than once (route bundles, dev reloads), but chdb and PGlite must be opened once.
const holderKey = Symbol.for("sightline.stores");
const globalWithStores = globalThis as typeof globalThis & { [holderKey]?: StoresHolder };
const holder: StoresHolder = (globalWithStores[holderKey] ??= { opening: null });

/**
 * The ClickHouse and Postgres stores, opened on first call (which applies both sets of
 * migrations and runs the first-start bootstrap). Never called at module scope: `next
 * build` imports route modules in worker processes that must not open the engines.
 * A failed open is not cached, so a later call (e.g. /api/health) retries.
 */
export function getStores(): Promise<Stores> {
  holder.opening ??= openStores().catch((error: unknown) => {
    holder.opening = null;
    throw error;
  });
  return holder.opening;
}

async function openStores(): Promise<Stores> {
  const env = process.env;
  const dataDir = resolveDataDir(env);
  mkdirSync(dataDir, { recursive: true });
  const clickhouse = await openClickHouse(clickHouseConfigFromEnv(env, dataDir), writerOptionsFromEnv(env));
  let db: Database;
  try {
    db = await openDatabase(databaseConfigFromEnv(env, dataDir));
  } catch (error) {
    await clickhouse.close().catch(() => undefined);
    throw error;
  }
  try {
    await runFirstStart(db.prisma, env);
  } catch (error) {
    await Promise.allSettled([clickhouse.close(), db.close()]);
    throw error;
  }
  return { clickhouse, db };
}

/** Closes both stores if they were opened (tests, graceful shutdown). */
export async function closeStores(): Promise<void> {
  const opening = holder.opening;
  holder.opening = null;
  if (!opening) return;
  const stores = await opening.catch(() => null);
  if (stores) await Promise.allSettled([stores.clickhouse.close(), stores.db.close()]);
}
