import { createReadStream } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { ClickHouseClient } from "@clickhouse/client";
import { validateClusterName, type ClickHouseConfig } from "./config";
import { createClients, type ClickHouseMode } from "./connect";
import { MIGRATIONS, runMigrations } from "./migrations";
import { JSON_COLUMN_SETTINGS } from "./row";
import { createScoreRepository, type ScoreRepository } from "./queries/scores";
import { createTraceRepository, type TraceRepository } from "./queries/trace-repository";
import { insertFileOverHttp, insertFileWithEngine, pooledInsert, replayWriteAheadLog, walSink } from "./writer/sinks";
import { DEFAULT_WRITER_OPTIONS, GroupCommitWriter, type SpanWriter, type WriterOptions } from "./writer/span-writer";
import { WriteAheadLog } from "./writer/wal";

export interface ClickHouseStore {
  writer: SpanWriter;
  traces: TraceRepository;
  /** Scores: appended on the writer session, read on the query session. */
  scores: ScoreRepository;
  /** True when the query session answers. */
  ping(): Promise<boolean>;
  /** Drains the writer, then closes both sessions. */
  close(): Promise<void>;
  mode: ClickHouseMode;
}

interface StoreInternals {
  writerClient: ClickHouseClient;
}

// The writer session, reachable by insertNdjsonFile without widening the public store type.
const internals = new WeakMap<ClickHouseStore, StoreInternals>();

/**
 * Opens ClickHouse (embedded chdb under `<dataDir>/clickhouse`, or the server at `url`),
 * applies pending migrations, replays the write-ahead log, and only then returns a store
 * that accepts writes.
 */
export async function openClickHouse(config: ClickHouseConfig, options: WriterOptions = {}): Promise<ClickHouseStore> {
  const target = config.cluster === undefined ? {} : { cluster: validateClusterName(config.cluster) };
  if (target.cluster && !config.url) throw new Error("CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL: an embedded ClickHouse is a single node");
  // The WAL path goes into file(), which resolves relative paths against the engine's
  // user_files directory, not the process's: always hand it an absolute path.
  const dataDir = resolve(config.dataDir);
  const concurrentInserts = options.maxConcurrentInserts ?? DEFAULT_WRITER_OPTIONS.maxConcurrentInserts;
  const clients = await createClients({ ...config, dataDir }, { insertSessions: concurrentInserts });
  const { writer: writerClient, reader } = clients;
  const closeClients = () => Promise.allSettled([...new Set([...clients.inserters, reader])].map((client) => client.close()));
  try {
    await runMigrations(writerClient, MIGRATIONS, target);
    // Both modes fill write-ahead-log files under the data folder: the engine reads them
    // itself (embedded), or they are streamed to the server.
    const insertWith = clients.mode === "embedded" ? insertFileWithEngine : insertFileOverHttp;
    const insertFile = pooledInsert(clients.inserters.map(insertWith));
    const wal = await WriteAheadLog.open(join(dataDir, "wal"), { sync: options.walFsync ?? DEFAULT_WRITER_OPTIONS.walFsync });
    const replay = await replayWriteAheadLog(wal, insertFile);
    for (const { file, error } of replay.failed) {
      // Never acknowledged (the write was torn), so its spans are retried by their clients.
      console.warn(`[sightline/clickhouse] WAL file could not be replayed and was set aside as ${file}: ${error}`);
    }
    const writer = new GroupCommitWriter(walSink(wal, insertFile), options);

    let closing: Promise<void> | null = null;
    const store: ClickHouseStore = {
      mode: clients.mode,
      writer,
      traces: createTraceRepository(reader),
      scores: createScoreRepository({ writer: writerClient, reader }),
      async ping() {
        try {
          return (await reader.ping()).success;
        } catch {
          return false;
        }
      },
      close() {
        closing ??= (async () => {
          try {
            await writer.close();
          } finally {
            await closeClients();
          }
        })();
        return closing;
      },
    };
    internals.set(store, { writerClient });
    return store;
  } catch (error) {
    await closeClients();
    throw error;
  }
}

/**
 * Loads an NDJSON file of SpanRows (see spanToRow) into `spans` on the writer session:
 * embedded, `INSERT INTO spans SELECT … FROM file(path, JSONEachRow)` read by the engine;
 * server (where the file is not on the server's disk), streamed as JSONEachRow.
 * Bypasses the group-commit writer and its de-duplication: for benchmarks and dataset loads
 * (the writer itself writes RowBinary).
 */
export async function insertNdjsonFile(store: ClickHouseStore, path: string): Promise<void> {
  const inner = internals.get(store);
  if (!inner) throw new Error("insertNdjsonFile needs a store returned by openClickHouse");
  const absolute = isAbsolute(path) ? path : resolve(path);
  if (store.mode === "embedded") {
    await insertFileWithEngine(inner.writerClient)(absolute, "JSONEachRow");
    return;
  }
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(absolute), crlfDelay: Infinity })) {
    if (line.trim() !== "") lines.push(line);
    if (lines.length === 10_000) await inner.writerClient.insert({ table: "spans", values: lines.splice(0), format: "JSONEachRow", clickhouse_settings: JSON_COLUMN_SETTINGS });
  }
  if (lines.length) await inner.writerClient.insert({ table: "spans", values: lines, format: "JSONEachRow", clickhouse_settings: JSON_COLUMN_SETTINGS });
}
