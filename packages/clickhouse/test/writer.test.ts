import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { traceListFilterSchema, type CanonicalSpan } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WRITER_OPTIONS, WriterBusyError, WriterClosedError, encodeSpans, insertNdjsonFile, openClickHouse, spanToRow, type ClickHouseStore, type WriterOptions } from "../src/index";
import { createClients } from "../src/connect";
import { MIGRATIONS, runMigrations, type Migration } from "../src/migrations";
import { ClickHouseLogLevel, createClient } from "@clickhouse/client";
import { createServer } from "node:net";
import { insertFileOverHttp, insertFileWithEngine, walSink, type FileInsert } from "../src/writer/sinks";
import { createServer as createHttpServer } from "node:http";
import { WriteAheadLog } from "../src/writer/wal";
import { checkRowBinarySpans } from "../src/writer/row-binary";
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

  it("tunes the ingest tables: wider merges (merge_selector_base = 20), batches written as compact parts, replaced parts deleted every 1–2 s", async () => {
    await store.writer.write(buildTrace({ projectId: "compact-parts", startMs: BASE_MS }).spans);
    const { writer, reader } = await createClients({ dataDir });
    try {
      const result = await reader.query({ query: "SELECT name, engine_full FROM system.tables WHERE database = currentDatabase() AND name IN ('spans', 'traces') ORDER BY name", format: "JSONEachRow" });
      const tables = await result.json<{ name: string; engine_full: string }>();
      expect(tables.map((t) => t.name)).toEqual(["spans", "traces"]);
      for (const table of tables) {
        expect(table.engine_full, table.name).toMatch(/merge_selector_base = 20/);
        expect(table.engine_full, table.name).toMatch(/min_bytes_for_wide_part = 134217728/);
        expect(table.engine_full, table.name).toMatch(/cleanup_delay_period = 1, cleanup_delay_period_random_add = 1/);
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
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_WRITER_OPTIONS.minInsertIntervalMs)); // a quiet spell: the next write's INSERT starts at once
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
          append: (bytes) => void (rows += (checkRowBinarySpans(bytes) as { rows: number }).rows),
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
      const writer = new GroupCommitWriter(sink, { maxConcurrentInserts: slots, maxBatchRows, minInsertIntervalMs: 0 });
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

  it("starts an INSERT of a batch that is not full at most once per minInsertIntervalMs; a full batch, or the first write after a quiet spell, goes at once", async () => {
    const started: { rows: number; at: number }[] = [];
    const sink: BatchSink = {
      begin() {
        let rows = 0;
        return {
          append: (bytes) => void (rows += (checkRowBinarySpans(bytes) as { rows: number }).rows),
          commit: async () => void started.push({ rows, at: performance.now() }),
        };
      },
      spooled: () => 0,
      drainSpool: async () => {},
    };
    const spans = (i: number) => buildTrace({ projectId: "project-interval", startMs: BASE_MS + i }).spans;
    const writer = new GroupCommitWriter(sink, { minInsertIntervalMs: 300, maxBatchRows: 7 });
    const t0 = performance.now();
    await writer.write(spans(1)); // nothing before it: at once
    expect(started[0]!.at - t0).toBeLessThan(150);
    const second = [writer.write(spans(2))];
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(started).toHaveLength(1); // waits for the interval, gathering what comes meanwhile
    second.push(writer.write(spans(3)));
    await Promise.all(second);
    expect(started).toHaveLength(2);
    expect(started[1]!.rows).toBe(6);
    expect(started[1]!.at - started[0]!.at).toBeGreaterThanOrEqual(299);
    await writer.write([...spans(4), ...spans(5), ...spans(6)]); // 9 rows: a full batch does not wait
    expect(started[2]!.at - started[1]!.at).toBeLessThan(150);
    expect(writer.stats()).toMatchObject({ inserts: 3, rows: 18, pendingRows: 0 });
    await writer.close();
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
  it("keeps the first of repeated rows inside one encoded chunk and across chunks, cutting between whole rows", async () => {
    const projectId = "project-encoded";
    const trace = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 4, outputTokens: 2 });
    const [a, b, c] = trace.spans as [CanonicalSpan, CanonicalSpan, CanonicalSpan];
    const first = encodeSpans([a, b, a, a, c]);
    expect(first.keyHashes).toHaveLength(5);
    expect(first.rowEnds[4]).toBe(first.bytes.length);
    const before = store.writer.stats();
    await Promise.all([store.writer.writeEncoded(first), store.writer.writeEncoded(encodeSpans([c, b]))]);
    expect(store.writer.stats().rows - before.rows).toBe(3);
    expect(store.writer.stats().pendingRows).toBe(0);
    const detail = (await store.traces.get(projectId, trace.traceId))!;
    expect(detail.spans.map((s) => s.name).sort()).toEqual([a.name, b.name, c.name].sort());
    expect(detail.spans.find((s) => s.spanId === c.spanId)!.usage).toEqual(c.usage);
  });
});

describe("RowBinary rows", () => {
  it("read back exactly as the NDJSON rows of the same spans (every column, multi-byte and long text, null and set cost)", async () => {
    const viaBinary = buildTrace({ projectId: "project-rowbinary", startMs: BASE_MS, userId: "ü-user", sessionId: "s", release: "r1", version: "v2", environment: "prod", tags: ["a", "ü", "x".repeat(300)], inputTokens: 2 ** 40, outputTokens: 3, cost: 0.5 });
    const [root, retrieval, generation] = viaBinary.spans as [CanonicalSpan, CanonicalSpan, CanonicalSpan];
    root.startTimeUs += 7; // microseconds survive
    root.name = "名前".repeat(30); // 60 UTF-16 units, 180 UTF-8 bytes: a two-byte length
    root.statusMessage = "é".repeat(42); // the longest one-byte-length case, at 84 bytes
    retrieval.cost = null;
    generation.usageRollup = true;
    generation.input = { messages: [{ role: "user", content: "🙂 ".repeat(500) }] };
    generation.usage.cacheCreation = 2 ** 33 + 1;
    generation.evaluations = [{ name: "relevance", score: 0.75, label: "relevant", explanation: "cites the \"doc\" 🙂" }, { name: "toxicity", label: "none" }];
    generation.prompt = { name: "answer", version: "7", template: "Answer {{q}} from {{docs}}", variables: { q: "¿qué?", docs: ["a", "b"] } };
    const viaJson = viaBinary.spans.map((span) => ({ ...span, projectId: "project-ndjson" }));
    await store.writer.write(viaBinary.spans);
    const file = join(dataDir, "same-spans.ndjson");
    writeFileSync(file, viaJson.map((span) => JSON.stringify(spanToRow(span))).join("\n") + "\n");
    await insertNdjsonFile(store, file);
    const binary = (await store.traces.get("project-rowbinary", viaBinary.traceId))!;
    const json = (await store.traces.get("project-ndjson", viaBinary.traceId))!;
    expect(binary.spans).toHaveLength(3);
    expect(binary).toEqual(json);
    expect(binary.spans.find((s) => s.spanId === root.spanId)!.name).toBe(root.name);
    // Cache-write tokens and evaluations are stored (migration 0008) and read back; other spans report none.
    const readGeneration = binary.spans.find((s) => s.spanId === generation.spanId)!;
    expect(readGeneration.usage.cacheCreation).toBe(2 ** 33 + 1);
    expect(readGeneration.evaluations).toEqual(generation.evaluations);
    expect(readGeneration.prompt).toEqual(generation.prompt);
    expect(readGeneration.usageRollup).toBe(true);
    const readRoot = binary.spans.find((s) => s.spanId === root.spanId)!;
    expect(readRoot.usage).not.toHaveProperty("cacheCreation");
    expect(readRoot.evaluations).toEqual([]);
    expect(readRoot.prompt).toBeNull();
    expect(readRoot.usageRollup).toBe(false);
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
  type Ext = "rows2" | "rowbinary" | "ndjson";
  const walName = (seq: number, ext: Ext) => `${String(seq).padStart(20, "0")}.${ext}`;
  const walFile = (seq: number, ext: Ext = "rows2") => join(walDir(), walName(seq, ext));
  const rowBinary = (spans: CanonicalSpan[]) => Buffer.from(encodeSpans(spans).bytes);
  /** Rows as versions before migration 0008 wrote them (`.rowbinary`): without its two trailing columns. */
  const rowBinaryV1 = (spans: CanonicalSpan[]) =>
    Buffer.concat(
      spans.map((span) => {
        const row = rowBinary([{ ...span, usage: { ...span.usage, cacheCreation: undefined }, evaluations: undefined, prompt: undefined }]);
        return row.subarray(0, row.length - 8 - 3 - 5); // cache-write tokens (UInt64), evaluations ("[]"), prompt ("null"), each text after a one-byte length
      }),
    );
  const ndjson = (spans: CanonicalSpan[]) => spans.map((s) => JSON.stringify(spanToRow(s))).join("\n") + "\n";

  it("leaves no file behind once writes are acknowledged", async () => {
    await store.writer.write(buildTrace({ projectId: "project-wal-clean", startMs: BASE_MS }).spans);
    expect(readdirSync(walDir())).toEqual([]);
  });

  it("replays batches left by a crash before accepting writes, once even if they were already inserted", async () => {
    const projectId = "project-crash";
    const inserted = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 7, outputTokens: 3 });
    const lost = buildTrace({ projectId, startMs: BASE_MS + 1, inputTokens: 11, outputTokens: 1 });
    const legacy = buildTrace({ projectId, startMs: BASE_MS + 2, inputTokens: 2, outputTokens: 2 });
    const beforeEvaluations = buildTrace({ projectId, startMs: BASE_MS + 3, inputTokens: 5, outputTokens: 5 });
    await store.writer.write(inserted.spans);
    await store.close();
    // A crash after the first INSERT returned but before its file was deleted, one before the
    // second INSERT ran, an NDJSON file left by a version before RowBinary, and a RowBinary
    // file left by a version before migration 0008's columns.
    mkdirSync(walDir(), { recursive: true });
    writeFileSync(walFile(41), rowBinary(inserted.spans));
    writeFileSync(walFile(42), rowBinary(lost.spans));
    writeFileSync(walFile(43, "ndjson"), ndjson(legacy.spans));
    expect(checkRowBinarySpans(rowBinaryV1(beforeEvaluations.spans), "v1")).toEqual({ rows: 3 });
    writeFileSync(walFile(44, "rowbinary"), rowBinaryV1(beforeEvaluations.spans));

    store = await openClickHouse({ dataDir });
    expect(readdirSync(walDir())).toEqual([]);
    const page = await store.traces.list(projectId, traceListFilterSchema.parse({}));
    expect(page.data.map((t) => [t.traceId, t.spanCount, t.usage.total]).sort()).toEqual(
      [
        [inserted.traceId, 3, 10],
        [lost.traceId, 3, 12],
        [legacy.traceId, 3, 4],
        [beforeEvaluations.traceId, 3, 10],
      ].sort(),
    );
    const older = (await store.traces.get(projectId, beforeEvaluations.traceId))!;
    expect(older.spans.map((s) => [s.name, s.evaluations, s.usage.cacheCreation, s.prompt])).toEqual(beforeEvaluations.spans.map((s) => [s.name, [], undefined, null]));
    expect((await store.traces.get(projectId, inserted.traceId))!.spans).toHaveLength(3);

    // Sequence numbers continue after the replayed files: a new batch never reuses a name.
    await store.writer.write(buildTrace({ projectId, startMs: BASE_MS + 4 }).spans);
    expect(await traceCount(projectId)).toBe(5);
  });

  it("sets aside torn and zero-filled files (never acknowledged) and opens anyway", async () => {
    const projectId = "project-torn";
    const good = buildTrace({ projectId, startMs: BASE_MS });
    const torn = buildTrace({ projectId, startMs: BASE_MS + 1 });
    const zeroTail = buildTrace({ projectId, startMs: BASE_MS + 2 });
    const tornLegacy = buildTrace({ projectId, startMs: BASE_MS + 3 });
    await store.close();
    writeFileSync(walFile(7), rowBinary(good.spans));
    const tornBytes = rowBinary(torn.spans);
    writeFileSync(walFile(8), tornBytes.subarray(0, tornBytes.length - 5)); // crash in the middle of the write
    // Power loss with the file's size recorded but its last blocks never written: zeros.
    writeFileSync(walFile(9), Buffer.concat([rowBinary(zeroTail.spans.slice(0, 2)), Buffer.alloc(600)]));
    writeFileSync(walFile(10, "ndjson"), ndjson(tornLegacy.spans).slice(0, 700));
    store = await openClickHouse({ dataDir });
    const setAside = [walName(8, "rows2"), walName(9, "rows2"), walName(10, "ndjson")].map((name) => `${name}.failed`);
    expect(readdirSync(walDir()).sort()).toEqual(setAside);
    expect((await store.traces.list(projectId, traceListFilterSchema.parse({}))).data.map((t) => t.traceId)).toEqual([good.traceId]);
    for (const name of setAside) rmSync(join(walDir(), name));
    expect(existsSync(walFile(8))).toBe(false);
  });
});

describe("server-mode insert path", () => {
  // No ClickHouse server here, and chdb's client connection reads request bodies as UTF-8 text,
  // so the HTTP request is captured instead: the same client.exec a server receives, checked
  // byte for byte against the WAL file, whose bytes the engine itself then inserts.
  it("streams each batch's WAL file, byte for byte, as the body of an INSERT … FORMAT RowBinary", async () => {
    const projectId = "project-http-sink";
    const trace = buildTrace({ projectId, startMs: BASE_MS, inputTokens: 5, outputTokens: 6, cost: 0.01 });
    const requests: { query: string; body: Buffer }[] = [];
    const fake = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        requests.push({ query: new URL(req.url!, "http://x").searchParams.get("query") ?? "", body: Buffer.concat(chunks) });
        res.writeHead(200, { "content-type": "text/plain" }).end();
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
    const client = createClient({ url: `http://127.0.0.1:${(fake.address() as { port: number }).port}`, log: { level: ClickHouseLogLevel.OFF } });
    const wal = await WriteAheadLog.open(join(dataDir, "wal-http"));
    const files: Buffer[] = [];
    const overHttp = insertFileOverHttp(client);
    const writer = new GroupCommitWriter(
      walSink(wal, async (path, format) => {
        files.push(readFileSync(path));
        await overHttp(path, format);
      }),
    );
    try {
      await Promise.all([writer.write(trace.spans), writer.write(trace.spans)]);
      expect(writer.stats()).toMatchObject({ inserts: 1, rows: 3 });
    } finally {
      await writer.close();
      await client.close();
      await new Promise((resolve) => fake.close(resolve));
    }
    expect(requests).toHaveLength(1);
    expect(requests[0]!.query).toMatch(/^INSERT INTO spans \(project_id, .*usage_rollup, usage_cache_creation, evaluations, prompt\) FORMAT RowBinary$/);
    expect(requests[0]!.body.equals(files[0]!)).toBe(true);
    expect(checkRowBinarySpans(requests[0]!.body)).toEqual({ rows: 3 });

    // The same bytes, inserted by the engine, read back through the queries.
    const path = join(dataDir, "http-body.rowbinary");
    writeFileSync(path, requests[0]!.body);
    const { writer: engineClient, reader } = await createClients({ dataDir });
    try {
      await insertFileWithEngine(engineClient)(path, "RowBinary");
    } finally {
      await Promise.all([engineClient.close(), reader.close()]);
    }
    expect(await store.traces.get(projectId, trace.traceId)).toMatchObject({ spanCount: 3, usage: { input: 5, output: 6, total: 11 }, cost: 0.01 });
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
    // The server-mode insert against a dead address while `reachable` is false; once it is back, the engine inserts the same files.
    let reachable = false;
    const upInsert = insertFileWithEngine(writerClient);
    const downInsert = insertFileOverHttp(down);
    const insert: FileInsert = (path, format) => (reachable ? upInsert(path, format) : downInsert(path, format));
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
