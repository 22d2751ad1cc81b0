/** Where and how to reach ClickHouse. Without `url` it runs embedded (chdb) under `dataDir`. */
export interface ClickHouseConfig {
  /** Sightline's data folder: embedded data lives in `<dataDir>/clickhouse`, the write-ahead log in `<dataDir>/wal`. */
  dataDir: string;
  url?: string;
  user?: string;
  password?: string;
  database?: string;
  /** Cluster name for `ON CLUSTER` DDL and Replicated* engines (server mode only). */
  cluster?: string;
}

const CLUSTER_NAME = /^[A-Za-z0-9_]+$/;

/** Reads CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, CLICKHOUSE_DB, CLICKHOUSE_CLUSTER; an empty string counts as unset. */
export function clickHouseConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): ClickHouseConfig {
  const read = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const config: ClickHouseConfig = { dataDir };
  const url = read("CLICKHOUSE_URL");
  const user = read("CLICKHOUSE_USER");
  const password = env.CLICKHOUSE_PASSWORD ? env.CLICKHOUSE_PASSWORD : undefined; // passwords are not trimmed
  const database = read("CLICKHOUSE_DB");
  const cluster = read("CLICKHOUSE_CLUSTER");
  if (url) config.url = url;
  if (user) config.user = user;
  if (password) config.password = password;
  if (database) config.database = database;
  if (cluster) config.cluster = validateClusterName(cluster);
  return config;
}

/** Cluster names end up in DDL text (identifiers cannot be bound as parameters), so only plain names are allowed. */
export function validateClusterName(cluster: string): string {
  if (!CLUSTER_NAME.test(cluster)) {
    throw new Error(`Invalid ClickHouse cluster name ${JSON.stringify(cluster)}: only letters, digits and "_" are allowed`);
  }
  return cluster;
}

/**
 * Writer settings an operator may change: SIGHTLINE_INSERT_INTERVAL_MS (0–60000), the least
 * time between the starts of two INSERTs of batches that are not full (WriterOptions
 * .minInsertIntervalMs; 0 trades CPU for the lowest acknowledgement latency at low load).
 */
export function writerOptionsFromEnv(env: NodeJS.ProcessEnv): { minInsertIntervalMs?: number } {
  const configured = env.SIGHTLINE_INSERT_INTERVAL_MS?.trim();
  if (!configured) return {};
  const ms = Number(configured);
  if (!/^\d+$/.test(configured) || ms > 60_000) {
    throw new Error(`SIGHTLINE_INSERT_INTERVAL_MS must be a whole number of milliseconds from 0 to 60000, got ${JSON.stringify(configured.slice(0, 40))}`);
  }
  return { minInsertIntervalMs: ms };
}
