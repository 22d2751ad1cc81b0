/** Where Postgres lives: embedded under `dataDir`, or the server at `url` when set. */
export interface DatabaseConfig {
  /** Sightline's data folder; the embedded Postgres lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** A `postgresql://` URL; when set, the server is used and `dataDir` is not touched. */
  url?: string;
}

/** Reads `DATABASE_URL` (an empty string counts as unset). */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { dataDir };
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(`DATABASE_URL must start with postgresql:// or postgres:// (got "${url.slice(0, 20)}…")`);
  }
  return { dataDir, url };
}
