import type { DatabaseConfig } from "./config";
import type { Database } from "./database";
import { openEmbeddedDatabase } from "./embedded";
import { openServerDatabase } from "./server";

/**
 * Opens Postgres — the server at `cfg.url` when set, else the embedded one under
 * `cfg.dataDir` — and applies pending migrations before returning. Call lazily (never at
 * module scope): the embedded engine takes an exclusive lock on the data folder.
 */
export async function openDatabase(cfg: DatabaseConfig, options: { migrationsDir?: string } = {}): Promise<Database> {
  return cfg.url
    ? openServerDatabase(cfg.url, options.migrationsDir)
    : openEmbeddedDatabase(cfg.dataDir, options.migrationsDir);
}
