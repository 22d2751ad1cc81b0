import { createReadStream } from "node:fs";
import type { ClickHouseClient } from "@clickhouse/client";
import { JSON_COLUMN_SETTINGS } from "../row";
import type { BatchSink } from "./span-writer";
import { INSERT_SPANS_FROM_FILE, INSERT_SPANS_JSON_EACH_ROW, insertFromFileParams } from "./insert-sql";
import type { WriteAheadLog } from "./wal";

/** Makes one NDJSON file of SpanRows durable in ClickHouse. */
export type FileInsert = (path: string) => Promise<void>;

/** Embedded: INSERT … SELECT FROM file(path): the engine reads the file itself (~3× faster than an inline insert on chdb). */
export function insertFileWithEngine(client: ClickHouseClient): FileInsert {
  return async (path) => {
    await client.command({ query: INSERT_SPANS_FROM_FILE, query_params: insertFromFileParams(path) });
  };
}

/** Server (the file is not on its disk): the file streamed as the body of an INSERT … FORMAT JSONEachRow. */
export function insertFileOverHttp(client: ClickHouseClient): FileInsert {
  return async (path) => {
    const result = await client.exec({ query: INSERT_SPANS_JSON_EACH_ROW, values: createReadStream(path), clickhouse_settings: JSON_COLUMN_SETTINGS });
    result.stream.destroy();
  };
}

/**
 * Each batch fills its own write-ahead-log file while the INSERT before it runs; at its turn
 * the file is inserted and deleted. If the INSERT fails the file is deleted too: the waiters
 * get the error, nothing was acknowledged, and their clients retry.
 */
export function walSink(wal: WriteAheadLog, insert: FileInsert): BatchSink {
  return {
    begin() {
      const file = wal.begin();
      return {
        append: (rows) => file.append(rows),
        async commit() {
          try {
            await file.finish();
            await insert(file.path);
          } finally {
            await wal.remove(file.path).catch(() => undefined); // a file that was never created
          }
        },
      };
    },
  };
}

/**
 * Inserts WAL files left by a crash, oldest first, before any write is accepted. Their
 * rows may already be in ClickHouse (crash after the INSERT, before the delete): that is
 * safe, spans and traces are idempotent under duplicate rows. A torn file (crash during
 * its write, so never acknowledged) or one the engine rejects is set aside as `<file>.failed`.
 */
export async function replayWriteAheadLog(wal: WriteAheadLog, insert: FileInsert): Promise<{ replayed: string[]; failed: { file: string; error: string }[] }> {
  const replayed: string[] = [];
  const failed: { file: string; error: string }[] = [];
  for (const path of await wal.leftovers()) {
    if (!(await wal.isComplete(path))) {
      failed.push({ file: await wal.quarantine(path), error: "torn write (no final newline): the batch was never acknowledged" });
      continue;
    }
    try {
      await insert(path);
      await wal.remove(path);
      replayed.push(path);
    } catch (error) {
      failed.push({ file: await wal.quarantine(path), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { replayed, failed };
}
