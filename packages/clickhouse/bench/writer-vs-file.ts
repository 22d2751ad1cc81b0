/**
 * The group-commit writer's rate versus the raw engine rate for the same kind of rows in
 * the same table: `BENCH_ROWS` spans of ~2 KB, written by `BENCH_CLIENTS` concurrent
 * callers in writes of 100 spans (each waits until its spans are durable), then as many
 * fresh spans loaded by `INSERT … SELECT FROM file()` from NDJSON files of 10k rows that
 * already exist. Run: pnpm exec tsx bench/writer-vs-file.ts (from packages/clickhouse).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CanonicalSpan } from "@sightline/core";
import { insertNdjsonFile, openClickHouse, spanToRow } from "../src/index";

const ROWS = Number(process.env.BENCH_ROWS ?? 40_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
/** Up to this many ms before each write: the gap a network round trip and decoding put between callers. */
const JITTER_MS = Number(process.env.BENCH_JITTER_MS ?? 0);
const PER_WRITE = 100;
const PER_FILE = 10_000;

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const filler = (n: number) => randomBytes(Math.ceil(n * 0.75)).toString("base64").slice(0, n);

/** A generation span whose row is ~2 KB of NDJSON. */
function makeSpan(projectId: string, traceId: string, i: number, startUs: number): CanonicalSpan {
  return {
    projectId, traceId, spanId: hex(8), parentSpanId: i % 5 === 0 ? "" : hex(8),
    name: i % 5 === 0 ? "answer-question" : "chat", kind: i % 5 === 0 ? "chain" : "generation",
    startTimeUs: startUs, endTimeUs: startUs + 850_000, status: i % 50 === 0 ? "error" : "ok", statusMessage: "",
    model: "gpt-4o-mini", provider: "openai",
    usage: { input: 420, output: 96, total: 516, cacheRead: 0, reasoning: 0 }, cost: 0.000121,
    userId: `user-${i % 1000}`, sessionId: `session-${i % 5000}`, release: "1.4.2", version: "v7", environment: "production",
    tags: ["rag", "bench"], serviceName: "bench-app", scopeName: "sightline",
    modelParameters: { temperature: 0.2, max_tokens: 512 },
    input: [{ role: "system", content: filler(300) }, { role: "user", content: filler(500) }],
    output: [{ role: "assistant", content: filler(450), finishReason: "stop" }],
    documents: [],
    attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "app.note": filler(120) },
    resourceAttributes: { "service.name": "bench-app" },
    events: [],
    mappedFrom: { kind: "gen_ai", model: "gen_ai", usage: "gen_ai" },
  };
}

function makeSpans(projectId: string, count: number): CanonicalSpan[] {
  const spans: CanonicalSpan[] = [];
  const now = Date.now() * 1000;
  let traceId = hex(16);
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) traceId = hex(16);
    spans.push(makeSpan(projectId, traceId, i, now - (count - i) * 1000));
  }
  return spans;
}

const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-writer-"));
const store = await openClickHouse({ dataDir });
const pause = () => (JITTER_MS > 0 ? new Promise((resolve) => setTimeout(resolve, Math.random() * JITTER_MS)) : undefined);
try {
  const writerSpans = makeSpans("bench-writer", ROWS);
  const fileSpans = makeSpans("bench-file", ROWS);
  const avgBytes = fileSpans.slice(0, 1000).reduce((n, s) => n + JSON.stringify(spanToRow(s)).length + 1, 0) / 1000;

  // Writer: CLIENTS callers, each writing 100 spans at a time and waiting for durability.
  const writes: CanonicalSpan[][] = [];
  for (let i = 0; i < writerSpans.length; i += PER_WRITE) writes.push(writerSpans.slice(i, i + PER_WRITE));
  const before = store.writer.stats();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < writes.length) {
        const spans = writes[next++]!;
        await pause();
        await store.writer.write(spans);
      }
    }),
  );
  const writerSeconds = (performance.now() - t0) / 1000;
  const stats = store.writer.stats();

  // Raw engine: the NDJSON files exist before the clock starts.
  const files: string[] = [];
  for (let i = 0; i < fileSpans.length; i += PER_FILE) {
    const file = join(dataDir, `rows-${i}.ndjson`);
    writeFileSync(file, fileSpans.slice(i, i + PER_FILE).map((s) => JSON.stringify(spanToRow(s))).join("\n") + "\n");
    files.push(file);
  }
  const t1 = performance.now();
  for (const file of files) await insertNdjsonFile(store, file);
  const rawSeconds = (performance.now() - t1) / 1000;

  const writerRate = ROWS / writerSeconds;
  const rawRate = ROWS / rawSeconds;
  console.log(`rows: ${ROWS} per side, ~${Math.round(avgBytes)} bytes each as NDJSON`);
  console.log(`writer (group commit + WAL, ${CLIENTS} clients × ${PER_WRITE} spans, jitter ${JITTER_MS} ms): ${Math.round(writerRate)} rows/s — ${stats.inserts - before.inserts} INSERTs, ${Math.round((stats.rows - before.rows) / (stats.inserts - before.inserts))} rows each on average`);
  console.log(`raw INSERT … SELECT FROM file() (${PER_FILE} rows per file, files pre-written): ${Math.round(rawRate)} rows/s`);
  console.log(`ratio writer / raw: ${(writerRate / rawRate).toFixed(2)}`);
} finally {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
