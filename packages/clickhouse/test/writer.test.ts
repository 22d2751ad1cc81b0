import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { traceListFilterSchema, type CanonicalSpan } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WriterBusyError, WriterClosedError, encodeSpans, openClickHouse, spanToRow, type ClickHouseStore, type WriterOptions } from "../src/index";
import { createClients } from "../src/connect";
import { MIGRATIONS, runMigrations, type Migration } from "../src/migrations";
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { createServer } from "node:net";
import { insertFileOverHttp, walSink, type FileInsert } from "../src/writer/sinks";
import { WriteAheadLog } from "../src/writer/wal";
import { GroupCommitWriter, type BatchSink } from "../src/writer/span-writer";

const noop = () => {};
import { buildTrace } from "./spans";

// The group-commit writer, its write-ahead log and the migrations, on embedded ClickHouse.
// One data folder for this file (chdb allows one on-disk path per process); tests that
// reopen the store close it first, as a restarted server would.

let dataDir: string;
let store: ClickHouseStore;
const BASE_MS = Date.UTC(2026, 10, 23, 12, 0, 0, 0);
const walDir = () => join(dataDir, "wal");

async function reopen(options?: WriterOptions): Promise<void> {
  await store.close();
  store = await openClickHouse({ dataDir }, options);
}

const traceCount = async (projectId: string) => (await store.traces.list(projectId, traceListFilterSchema.parse({ limit: 500 }))).data.length;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sl-"));
  store = await openClickHouse({ dataDir });
});

afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("migrations", () => {
  const applied = async () => {
    const { writer, reader } = await createClients({ dataDir });
    try {
      const result = await reader.query({ query: "SELECT version, name, checksum FROM schema_migrations ORDER BY version", format: "JSONEachRow" });
      return await result.json<{ version: number; name: string; checksum: string }>();
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  };

  it("records each migration once, and opening again applies nothing new", async () => {
    const first = await applied();
    expect(first.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    expect(first.every((m) => /^[0-9a-f]{64}$/.test(m.checksum))).toBe(true);
    await reopen();
    await reopen();
    expect(await applied()).toEqual(first);
  });

  it("tunes the ingest tables: wider merges (merge_selector_base = 20), batches written as compact parts", async () => {
    await store.writer.write(buildTrace({ projectId: "compact-parts", startMs: BASE_MS }).spans);
    const { writer, reader } = await createClients({ dataDir });
    try {
      const result = await reader.query({ query: "SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ('spans', 'traces') ORDER BY name", format: "JSONEachRow" });
      const tables = await result.json<{ name: string; engine_full: string }>();
      expect(tables.map((t) => t.name)).toEqual(["spans", "traces"]);
      for (const table of tables) {
        expect(table.engine_full, table.name).toMatch(/merge_selector_base = 20/);
        expect(table.engine_full, table.name).toMatch(/min_bytes_for_wide_part = 134217728/);
      }
      const parts = await reader.query({ query: "SELECT DISTINCT table, part_type FROM system.parts WHERE database = currentDatabase() AND table IN ('spans', 'traces') AND active ORDER BY table", format: "JSONEachRow" });
      expect(await parts.json()).toEqual([
        { table: "spans", part_type: "Compact" },
        { table: "traces", part_type: "Compact" },
      ]);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  it("runs the embedded engine's background merges at a lower CPU priority than ingest", async () => {
    const { writer, reader } = await createClients({ dataDir });
    try {
      const result = await reader.query({ query: "SELECT value FROM system.server_settings WHERE name = 'os_threads_nice_value_merge_mutate'", format: "JSONEachRow" });
      expect(await result.json()).toEqual([{ value: "10" }]);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });

  it("refuses a migration whose text changed after it was applied", async () => {
    const { writer, reader } = await createClients({ dataDir });
    try {
      const edited: Migration[] = MIGRATIONS.map((m) => (m.version === 1 ? { ...m, statements: [...m.statements, "SELECT 1"] } : m));
      await expect(runMigrations(writer, edited, {})).rejects.toThrow(/migration 1 \(spans\) was changed after it was applied/);
      expect(await runMigrations(writer, MIGRATIONS, {})).toEqual([]);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});

describe("group commit", () => {
  it("lets writes issued together share one INSERT, and resolves each once durable", async () => {
    const projectId = "project-group";
    const traces = Array.from({ length: 8 }, (_, i) => buildTrace({ projectId, startMs: BASE_MS + i }));
    const before = store.writer.stats();
    await Promise.all(traces.map((t) => store.writer.write(t.spans)));
    const after = store.writer.stats();
    expect(after.inserts - before.inserts).toBe(1);
    expect(after.rows - before.rows).toBe(24);
    expect(after.pendingRows).toBe(0);
    expect(await traceCount(projectId)).toBe(8);
  });

  it("gathers writes that arrive during an INSERT into the next one", async () => {
    const projectId = "project-next-batch";
    const traces = Array.from({ length: 4 }, (_, i) => buildTrace({ projectId, startMs: BASE_MS + i }));
    const before = store.writer.stats();
    const first = store.writer.write(traces[0]!.spans);
    await new Promise((resolve) => setImmediate(resolve)); // the first INSERT is under way (or done)
    await Promise.all([first, ...traces.slice(1).map((t) => store.writer.write(t.spans))]);
    expect(store.writer.stats().inserts - before.inserts).toBe(2);
    expect(await traceCount(projectId)).toBe(4);
  });

  it("fills the next batch while an INSERT runs, and seals a batch once it holds maxBatchRows", async () => {
    await reopen({ maxBatchRows: 4 });
    const projectId = "project-capped";
    const traces = Array.from({ length: 5 }, (_, i) => buildTrace({ projectId, startMs: BASE_MS + i }));
    const before = store.writer.stats();
    // 3 rows go alone; the next 4 writes (12 rows) arrive while it runs: batches seal at 4+ rows (3+3), so two more INSERTs.
    const first = store.writer.write(traces[0]!.spans);
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([first, ...traces.slice(1).map((t) => store.writer.write(t.spans))]);
    expect(store.writer.stats().inserts - before.inserts).toBe(3);
    expect(await traceCount(projectId)).toBe(5);
  });

  it("runs up to maxConcurrentInserts INSERTs at once at moderate load (a write arriving during one starts its own), one under load", async () => {
    // A sink whose INSERTs end when the test says, to observe which ones overlap.
    const started: { rows: number; finish: () => void }[] = [];
    const sink: BatchSink = {
      begin() {
        let rows = 0;
        return {
          append: (bytes) => void (rows += bytes.toString().split("\n").filter(Boolean).length),
          commit: () => new Promise<void>((resolve) => started.push({ rows, finish: resolve })),
        };
      },
      spooled: () => 0,
      drainSpool: async () => {},
    };
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    const spans = (i: number) => buildTrace({ projectId: "project-slots", startMs: BASE_MS + i }).spans;
    // [slots, maxBatchRows (load = more than half of it pending), INSERTs started while the first runs, INSERTs in all]
    for (const [slots, maxBatchRows, whileFirstRuns, inserts] of [[1, 100, 1, 2], [2, 100, 2, 3], [2, 10, 1, 2]] as const) {
      started.length = 0;
      const writer = new GroupCommitWriter(sink, { maxConcurrentInserts: slots, maxBatchRows });
      const writes = [writer.write(spans(1))];
      await tick();
      writes.push(writer.write(spans(2)), writer.write(spans(3)));
      await tick();
      writes.push(writer.write(spans(4)));
      await tick();
      expect(started.map((s) => s.rows)).toEqual(whileFirstRuns === 1 ? [3] : [3, 6]);
      while (started.some((s) => s.finish !== noop)) {
        for (const s of started) {
          s.finish();
          s.finish = noop;
        }
        await tick();
      }
      await Promise.all(writes);
      expect(writer.stats()).toMatchObject({ rows: 12, pendingRows: 0, inserts }); // one slot: writes 2–4 share the second INSERT
      await writer.close();
    }
  });

  it("never splits a write: one larger than the cap is one INSERT", async () => {
    const projectId = "project-large-write";
    const traces = Array.from({ length: 3 }, (_, i) => buildTrace({ projectId, startMs: BASE_MS + i }));
    const before = store.writer.stats();
    await store.writer.write(traces.flatMap((t) => t.spans)); // 9 rows, cap 4
    expect(store.writer.stats().inserts - before.inserts).toBe(1);
    expect(await traceCount(projectId)).toBe(3);
    await reopen();
  });

  it("writes a span repeated within one batch once, and a retried span once across batches", async () => {
    const projectId = "project-dupes";
    const trace = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 4, outputTokens: 2 });
    const before = store.writer.stats();
    await Promise.all([store.writer.write(trace.spans), store.writer.write(trace.spans), store.writer.write([...trace.spans, ...trace.spans])]);
    expect(store.writer.stats().rows - before.rows).toBe(3);
    await store.writer.write(trace.spans); // a retry in a later batch: stored again, collapsed on read
    const page = await store.traces.list(projectId, traceListFilterSchema.parse({}));
    expect(page.data.map((t) => [t.spanCount, t.usage.total])).toEqual([[3, 6]]);
    expect((await store.traces.get(projectId, trace.traceId))!.spans).toHaveLength(3);
  });
});

describe("rows encoded elsewhere (writeEncoded)", () => {
  it("keeps the first of repeated rows inside one encoded chunk and across chunks, cutting between whole lines", async () => {
    const projectId = "project-encoded";
    const trace = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 4, outputTokens: 2 });
    const [a, b, c] = trace.spans as [CanonicalSpan, CanonicalSpan, CanonicalSpan];
    const first = encodeSpans([a, b, a, a, c]);
    expect(first.keys).toHaveLength(5);
    expect(first.lineEnds[4]).toBe(first.bytes.length);
    const before = store.writer.stats();
    await Promise.all([store.writer.writeEncoded(first), store.writer.writeEncoded(encodeSpans([c, b]))]);
    expect(store.writer.stats().rows - before.rows).toBe(3);
    expect(store.writer.stats().pendingRows).toBe(0);
    const detail = (await store.traces.get(projectId, trace.traceId))!;
    expect(detail.spans.map((s) => s.name).sort()).toEqual([a.name, b.name, c.name].sort());
    expect(detail.spans.find((s) => s.spanId === c.spanId)!.usage).toEqual(c.usage);
  });
});

describe("rows the engine would refuse", () => {
  it("stores a lone surrogate as U+FFFD instead of failing the INSERT shared with other writes", async () => {
    const projectId = "project-surrogate";
    const bad = buildTrace({ projectId, startMs: BASE_MS });
    const good = buildTrace({ projectId, startMs: BASE_MS + 1 });
    bad.spans[0]!.name = "cut \ud83d here"; // half of an emoji
    bad.spans[1]!.input = { text: "lone low \ude00 and a literal \\ud800 kept" };
    await Promise.all([store.writer.write(bad.spans), store.writer.write(good.spans)]);
    const trace = (await store.traces.get(projectId, bad.traceId))!;
    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    expect(byId.get(bad.spans[0]!.spanId)!.name).toBe("cut \ufffd here");
    expect(byId.get(bad.spans[1]!.spanId)!.input).toEqual({ text: "lone low \ufffd and a literal \\ud800 kept" });
    expect(await store.traces.get(projectId, good.traceId)).toMatchObject({ spanCount: 3 });
  });
});

describe("backpressure and shutdown", () => {
  it("throws WriterBusyError with a Retry-After once the backlog is full, and accepts writes again after it drains", async () => {
    await reopen({ maxPendingRows: 5 });
    const projectId = "project-busy";
    const [a, b, c] = [0, 1, 2].map((i) => buildTrace({ projectId, startMs: BASE_MS + i }));
    const first = store.writer.write(a!.spans); // 3 rows pending
    const second = store.writer.write(b!.spans); // 6 > 5
    await expect(second).rejects.toBeInstanceOf(WriterBusyError);
    const error = (await second.catch((e: unknown) => e)) as WriterBusyError;
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.message).toMatch(/busy.*retry after \d+s/);
    await first;
    await store.writer.write(c!.spans);
    expect(await traceCount(projectId)).toBe(2);
    await reopen();
  });

  it("drains accepted writes on close and refuses writes afterwards", async () => {
    const projectId = "project-drain";
    const traces = Array.from({ length: 5 }, (_, i) => buildTrace({ projectId, startMs: BASE_MS + i }));
    const writes = traces.map((t) => store.writer.write(t.spans));
    const closed = store.close();
    await expect(store.writer.write(traces[0]!.spans)).rejects.toBeInstanceOf(WriterClosedError);
    await closed;
    await expect(Promise.all(writes)).resolves.toBeDefined();
    store = await openClickHouse({ dataDir });
    expect(await traceCount(projectId)).toBe(5);
  });
});

describe("write-ahead log", () => {
  const walFile = (seq: number) => join(walDir(), `${String(seq).padStart(20, "0")}.ndjson`);
  const ndjson = (spans: ReturnType<typeof buildTrace>["spans"]) => spans.map((s) => JSON.stringify(spanToRow(s))).join("\n") + "\n";

  it("leaves no file behind once writes are acknowledged", async () => {
    await store.writer.write(buildTrace({ projectId: "project-wal-clean", startMs: BASE_MS }).spans);
    expect(readdirSync(walDir())).toEqual([]);
  });

  it("replays batches left by a crash before accepting writes, once even if they were already inserted", async () => {
    const projectId = "project-crash";
    const inserted = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 7, outputTokens: 3 });
    const lost = buildTrace({ projectId, startMs: BASE_MS + 1, inputTokens: 11, outputTokens: 1 });
    await store.writer.write(inserted.spans);
    await store.close();
    // A crash after the first INSERT returned but before its file was deleted, and one before the second INSERT ran.
    mkdirSync(walDir(), { recursive: true });
    writeFileSync(walFile(41), ndjson(inserted.spans));
    writeFileSync(walFile(42), ndjson(lost.spans));

    store = await openClickHouse({ dataDir });
    expect(readdirSync(walDir())).toEqual([]);
    const page = await store.traces.list(projectId, traceListFilterSchema.parse({}));
    expect(page.data.map((t) => [t.traceId, t.spanCount, t.usage.total]).sort()).toEqual(
      [
        [inserted.traceId, 3, 10],
        [lost.traceId, 3, 12],
      ].sort(),
    );
    expect((await store.traces.get(projectId, inserted.traceId))!.spans).toHaveLength(3);

    // Sequence numbers continue after the replayed files: a new batch never reuses a name.
    await store.writer.write(buildTrace({ projectId, startMs: BASE_MS + 2 }).spans);
    expect(await traceCount(projectId)).toBe(3);
  });

  it("sets aside a torn file (never acknowledged) and opens anyway", async () => {
    const projectId = "project-torn";
    const good = buildTrace({ projectId, startMs: BASE_MS });
    const torn = buildTrace({ projectId, startMs: BASE_MS + 1 });
    await store.close();
    writeFileSync(walFile(7), ndjson(good.spans));
    writeFileSync(walFile(8), ndjson(torn.spans).slice(0, 700)); // crash in the middle of the write
    store = await openClickHouse({ dataDir });
    expect(readdirSync(walDir())).toEqual([`${String(8).padStart(20, "0")}.ndjson.failed`]);
    expect((await store.traces.list(projectId, traceListFilterSchema.parse({}))).data.map((t) => t.traceId)).toEqual([good.traceId]);
    rmSync(join(walDir(), `${String(8).padStart(20, "0")}.ndjson.failed`));
    expect(existsSync(walFile(8))).toBe(false);
  });
});

describe("server-mode insert path", () => {
  // No ClickHouse server here: the same client.exec(INSERT … FORMAT JSONEachRow) with the WAL file as its body runs on chdb.
  it("streams each batch's WAL file as the body of an INSERT, readable through the same queries", async () => {
    const projectId = "project-http-sink";
    const trace = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 5, outputTokens: 6, cost: 0.01 });
    const { writer: writerClient, reader } = await createClients({ dataDir });
    const wal = await WriteAheadLog.open(join(dataDir, "wal-http"));
    const writer = new GroupCommitWriter(walSink(wal, insertFileOverHttp(writerClient)));
    try {
      await Promise.all([writer.write(trace.spans), writer.write(trace.spans)]);
      expect(writer.stats()).toMatchObject({ inserts: 1, rows: 3 });
    } finally {
      await writer.close();
      await Promise.all([writerClient.close(), reader.close()]);
    }
    expect((await store.traces.get(projectId, trace.traceId))).toMatchObject({ spanCount: 3, usage: { input: 5, output: 6, total: 11 }, cost: 0.01 });
  });
});

describe("ClickHouse unreachable (server mode)", () => {
  /** A port nothing listens on: the real client gets a real ECONNREFUSED. */
  async function closedPort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  it("answers busy with a Retry-After while down, keeps the batches it could not insert, and drains them by itself when the server is back", async () => {
    const projectId = "project-outage";
    const traces = Array.from({ length: 4 }, (_, i) => buildTrace({ projectId, startMs: BASE_MS + i, inputTokens: i + 1, outputTokens: 1 }));
    const { writer: writerClient, reader } = await createClients({ dataDir });
    const down = createClient({ url: `http://127.0.0.1:${await closedPort()}`, request_timeout: 2_000, log: { level: ClickHouseLogLevel.OFF } });
    // The server-mode insert, against a dead address while `reachable` is false, the real one after.
    let reachable = false;
    const upInsert = insertFileOverHttp(writerClient);
    const downInsert = insertFileOverHttp(down);
    const insert: FileInsert = (path) => (reachable ? upInsert(path) : downInsert(path));
    const wal = await WriteAheadLog.open(join(dataDir, "wal-outage"));
    const writer = new GroupCommitWriter(walSink(wal, insert));
    try {
      // Not acknowledged: the client sees the failure (and retries); the batch stays on disk.
      await expect(Promise.all([writer.write(traces[0]!.spans), writer.write(traces[1]!.spans)])).rejects.toThrow(/unreachable/i);
      expect(readdirSync(join(dataDir, "wal-outage"))).toHaveLength(1);

      // While down, writes are refused at once, holding nothing in memory.
      const refused = await writer.write(traces[2]!.spans).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(WriterBusyError);
      expect((refused as WriterBusyError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect((refused as WriterBusyError).message).toMatch(/unreachable; 1 batches spooled/);
      expect(writer.stats().pendingRows).toBe(0);

      // The server comes back: the spool drains without any write, then writes are accepted again.
      reachable = true;
      for (let i = 0; i < 100 && readdirSync(join(dataDir, "wal-outage")).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(readdirSync(join(dataDir, "wal-outage"))).toEqual([]);
      let accepted = false;
      for (let i = 0; i < 100 && !accepted; i++) {
        accepted = await writer.write(traces[3]!.spans).then(
          () => true,
          (e: unknown) => (e instanceof WriterBusyError ? new Promise<boolean>((r) => setTimeout(() => r(false), 100)) : Promise.reject(e)),
        );
      }
      expect(accepted).toBe(true);
    } finally {
      await writer.close();
      await Promise.all([writerClient.close(), reader.close(), down.close()]);
    }
    const page = await store.traces.list(projectId, traceListFilterSchema.parse({}));
    // Spooled traces 0 and 1 drained by themselves; 2 was refused (its client would retry); 3 written after.
    expect(page.data.map((t) => [t.traceId, t.spanCount, t.usage.input]).sort()).toEqual(
      [traces[0]!, traces[1]!, traces[3]!].map((t, i) => [t.traceId, 3, [1, 2, 4][i]]).sort(),
    );
  }, 60_000);
});
