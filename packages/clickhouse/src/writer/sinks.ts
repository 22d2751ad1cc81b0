import { createReadStream } from "node:fs";
import type { ClickHouseClient } from "@clickhouse/client";
import { JSON_COLUMN_SETTINGS } from "../row";
import type { BatchSink } from "./span-writer";
import { INSERT_SPANS_FORMAT, INSERT_SPANS_FROM_FILE, insertFromFileParams, type RowFormat } from "./insert-sql";
import { StorageUnavailableError } from "./errors";
import { isUnreachable } from "./unreachable";
import { WAL_FORMAT, WriteAheadLog } from "./wal";

/** Makes one file of SpanRows durable in ClickHouse. */
export type FileInsert = (path: string, format: RowFormat) => Promise<void>;

/** Spreads file inserts over several sessions: each runs one at a time, a caller waits for a free one. */
export function pooledInsert(inserts: readonly FileInsert[]): FileInsert {
  if (inserts.length === 1) return inserts[0]!;
  const free = [...inserts];
  const waiting: ((insert: FileInsert) => void)[] = [];
  return async (path, format) => {
    const insert = free.pop() ?? (await new Promise<FileInsert>((resolve) => waiting.push(resolve)));
    try {
      await insert(path, format);
    } finally {
      const next = waiting.shift();
      if (next) next(insert);
      else free.push(insert);
    }
  };
}

/** Embedded: INSERT … SELECT FROM file(path): the engine reads the file itself (~3× faster than an inline insert on chdb). */
export function insertFileWithEngine(client: ClickHouseClient): FileInsert {
  return async (path, format) => {
    await client.command({ query: INSERT_SPANS_FROM_FILE[format], query_params: insertFromFileParams(path, format) });
  };
}

/** Server (the file is not on its disk): the file streamed as the body of an INSERT … FORMAT <format>. */
export function insertFileOverHttp(client: ClickHouseClient): FileInsert {
  return async (path, format) => {
    const settings = format === "JSONEachRow" ? JSON_COLUMN_SETTINGS : {};
    const result = await client.exec({ query: INSERT_SPANS_FORMAT[format], values: createReadStream(path), clickhouse_settings: settings });
    result.stream.destroy();
  };
}

/**
 * Each batch fills its own write-ahead-log file while the INSERT before it runs; at its turn
 * the file is inserted and deleted. If the server could not be reached the file is kept
 * (spooled) and StorageUnavailableError thrown; drainSpool() inserts spooled files, oldest
 * first. Any other failure deletes the file: nothing was acknowledged, the clients retry.
 */
export function walSink(wal: WriteAheadLog, insert: FileInsert): BatchSink {
  const spool: string[] = [];
  return {
    begin() {
      const file = wal.begin();
      return {
        append: (rows) => file.append(rows),
        async commit() {
          let keep = false;
          try {
            await file.finish();
            await insert(file.path, WAL_FORMAT);
          } catch (error) {
            keep = isUnreachable(error);
            if (keep) spool.push(file.path);
            throw keep ? new StorageUnavailableError(error) : error;
          } finally {
            if (!keep) await wal.remove(file.path).catch(() => undefined); // a file that was never created
          }
        },
      };
    },
    spooled: () => spool.length,
    async drainSpool() {
      while (spool.length > 0) {
        const path = spool[0]!;
        try {
          await insert(path, WriteAheadLog.formatOf(path));
          await wal.remove(path);
        } catch (error) {
          if (isUnreachable(error)) throw new StorageUnavailableError(error);
          // Refused by the server: never acknowledged, so set aside rather than retried forever.
          const kept = await wal.quarantine(path);
          console.warn(`[sightline/clickhouse] spooled batch refused by ClickHouse, set aside as ${kept}: ${error instanceof Error ? error.message : String(error)}`);
        }
        spool.shift();
      }
    },
  };
}

/**
 * Inserts WAL files left by a crash, oldest first, before any write is accepted. Their
 * rows may already be in ClickHouse (crash after the INSERT, before the delete): that is
 * safe, spans and traces are idempotent under duplicate rows. A torn or damaged file (crash
 * during its write, so never acknowledged) or one the engine rejects is set aside as
 * `<file>.failed`.
 */
export async function replayWriteAheadLog(wal: WriteAheadLog, insert: FileInsert): Promise<{ replayed: string[]; failed: { file: string; error: string }[] }> {
  const replayed: string[] = [];
  const failed: { file: string; error: string }[] = [];
  for (const path of await wal.leftovers()) {
    const damage = await wal.damage(path);
    if (damage) {
      failed.push({ file: await wal.quarantine(path), error: `${damage}: the batch was never acknowledged` });
      continue;
    }
    try {
      await insert(path, WriteAheadLog.formatOf(path));
      await wal.remove(path);
      replayed.push(path);
    } catch (error) {
      failed.push({ file: await wal.quarantine(path), error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { replayed, failed };
}
