import { join } from "node:path";
import { createClient, type ClickHouseClient } from "@clickhouse/client";
import type { ClickHouseConfig } from "./config";

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>["connection"]>;

export type ClickHouseMode = "embedded" | "server";

export interface ClickHouseClients {
  mode: ClickHouseMode;
  /** Used only by the span writer (and migrations): its INSERTs never stall queries. */
  writer: ClickHouseClient;
  /**
   * Clients for the writer's concurrent INSERTs, `writer` first: embedded, a chdb Session
   * each (one Session runs one statement at a time); server, the writer client again (its
   * socket pool runs requests in parallel).
   */
  inserters: ClickHouseClient[];
  /** Used only by the query layer. */
  reader: ClickHouseClient;
}

/** Serializes pre-encoded NDJSON lines as they are and anything else as JSON (writer inserts pass lines). */
const passThroughStringify = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * Two clients on the same data: embedded, each is its own chdb Session on
 * `<dataDir>/clickhouse` (two Sessions on one path run in parallel); server, two HTTP
 * clients. chdb is loaded here, lazily, so importing this package never opens an engine.
 */
export async function createClients(config: ClickHouseConfig, options: { insertSessions?: number } = {}): Promise<ClickHouseClients> {
  const insertSessions = Math.max(1, options.insertSessions ?? 1);
  if (config.url) {
    const base = {
      url: config.url,
      username: config.user ?? "default",
      password: config.password ?? "",
      database: config.database ?? "default",
    };
    const writer = createClient({ ...base, json: { parse: JSON.parse, stringify: passThroughStringify } });
    return { mode: "server", writer, inserters: Array.from({ length: insertSessions }, () => writer), reader: createClient(base) };
  }
  const { createChdbConnection } = await import("chdb/connection");
  const path = join(config.dataDir, "clickhouse");
  const { Session } = await import("chdb");
  // The engine is one per process and takes its server settings from the first Session that
  // opens it: this one, closed once the connections below hold the engine open.
  const starter = new Session(path, { connectionArgs: EMBEDDED_ENGINE_ARGS });
  // chdb types its Connection against @clickhouse/client-common 1.23.0, the client against its
  // bundled copy: the same interface twice, so TypeScript needs the cast.
  const session = () => createChdbConnection({ path }) as unknown as ClientConnection;
  const writerClient = () => createClient({ connection: session(), json: { parse: JSON.parse, stringify: passThroughStringify } });
  const opened: ClickHouseClient[] = [];
  try {
    for (let i = 0; i < insertSessions; i++) opened.push(writerClient());
    const reader = createClient({ connection: session() });
    return { mode: "embedded", writer: opened[0]!, inserters: opened, reader };
  } catch (error) {
    await Promise.allSettled(opened.map((client) => client.close()));
    throw error;
  } finally {
    starter.close();
  }
}

/**
 * Server settings of the embedded engine, given once when the process first opens it.
 * Background merges run at nice 10: on a small machine they otherwise take the cores from
 * INSERTs and ingest threads, and acknowledgement latency tails follow them (merges still
 * get every idle cycle). A ClickHouse server runs on its own cores and keeps its own config.
 */
export const EMBEDDED_ENGINE_ARGS = ["--os_threads_nice_value_merge_mutate=10"] as const;

