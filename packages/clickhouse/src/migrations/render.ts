import { validateClusterName } from "../config";

/** Where DDL runs: a single node, or every node of a named cluster. */
export interface DdlTarget {
  cluster?: string;
}

const ENGINE_PLACEHOLDER = /\{\{ENGINE ([A-Za-z]+)\(([^)]*)\)\}\}/g;

/**
 * Renders a migration statement. On a cluster: `ON CLUSTER '<name>'` and the Replicated
 * variant of each MergeTree engine, with the conventional ZooKeeper path and replica macros
 * (expanded by the server, per table).
 */
export function renderStatement(statement: string, target: DdlTarget): string {
  const cluster = target.cluster === undefined ? undefined : validateClusterName(target.cluster);
  return statement
    .replaceAll("{{ON_CLUSTER}}", cluster ? ` ON CLUSTER '${cluster}'` : "")
    .replace(ENGINE_PLACEHOLDER, (_match, engine: string, args: string) => {
      if (!cluster) return `${engine}(${args})`;
      const replicated = ["'/clickhouse/tables/{shard}/{database}/{table}'", "'{replica}'", ...(args.trim() ? [args.trim()] : [])];
      return `Replicated${engine}(${replicated.join(", ")})`;
    });
}
