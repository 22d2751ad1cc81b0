import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest, traceListFilterSchema, type TraceListFilter } from "@sightline/core";
import { insertNdjsonFile, openClickHouse, spanToRow } from "@sightline/clickhouse";
import { buildTraceSpans } from "./lib/otlp-payload";
import { median, percentile } from "./lib/stats";

export interface QueryFigures {
  traces: number;
  spans: number;
  loadSeconds: number;
  cases: { name: string; medianMs: number; p95Ms: number; rows: number }[];
}

const DAY_MS = 86_400_000;

/**
 * Query latency on a generated dataset (`traces` traces of 5 spans over 7 days, 1,000 users,
 * 2% of traces with an error), through the same repository the UI and the public API use.
 */
export async function benchQueries(opts: { traces: number; runs: number }): Promise<QueryFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-query-"));
  const store = await openClickHouse({ dataDir });
  const projectId = "bench-project";
  try {
    const now = Date.now();
    const t0 = performance.now();
    const perFile = 10_000; // traces per NDJSON file (50k rows)
    const sampleTraceIds: string[] = [];
    for (let first = 0; first < opts.traces; first += perFile) {
      const rows: string[] = [];
      const count = Math.min(perFile, opts.traces - first);
      const spans = [];
      for (let i = first; i < first + count; i++) {
        const trace = buildTraceSpans(i, now - 7 * DAY_MS + (i / opts.traces) * 7 * DAY_MS);
        if (i % 50 === 0) trace[2]!.status = { code: 2, message: "rate limited" };
        if (i % 997 === 0) sampleTraceIds.push(trace[0]!.traceId);
        spans.push(...trace);
      }
      // Through the real decoder and mapper, 10k spans per request (under the body cap).
      for (let at = 0; at < spans.length; at += 10_000) {
        const request = { resourceSpans: [{ resource: { attributes: { "service.name": "bench-app" } }, scopeSpans: [{ spans: spans.slice(at, at + 10_000) }] }] };
        const mapped = mapTraceRequest(decodeTraceRequest(encodeTraceRequest(request, "protobuf").body, "protobuf"), { projectId, nowUs: now * 1000 });
        for (const span of mapped.spans) rows.push(JSON.stringify(spanToRow(span)));
      }
      const file = join(dataDir, `load-${first}.ndjson`);
      writeFileSync(file, rows.join("\n") + "\n");
      await insertNdjsonFile(store, file);
      rmSync(file);
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    const list = (f: Partial<TraceListFilter>) => traceListFilterSchema.parse(f);
    const firstPage = await store.traces.list(projectId, list({ limit: 50 }));
    const cases: { name: string; run: () => Promise<number> }[] = [
      { name: "list: newest 50, no time bound", run: async () => (await store.traces.list(projectId, list({ limit: 50 }))).data.length },
      { name: "list: last 24 h", run: async () => (await store.traces.list(projectId, list({ from: new Date(now - DAY_MS), limit: 50 }))).data.length },
      { name: "list: 7 days, user filter", run: async () => (await store.traces.list(projectId, list({ from: new Date(now - 7 * DAY_MS), userId: "user-42", limit: 50 }))).data.length },
      { name: "list: 7 days, errors only", run: async () => (await store.traces.list(projectId, list({ from: new Date(now - 7 * DAY_MS), status: "error", limit: 50 }))).data.length },
      { name: "list: page 2 (cursor)", run: async () => (await store.traces.list(projectId, list({ limit: 50, cursor: firstPage.nextCursor ?? undefined }))).data.length },
    ];
    let d = 0;
    cases.push({
      name: "detail: trace by id (5 spans)",
      run: async () => (await store.traces.get(projectId, sampleTraceIds[d++ % sampleTraceIds.length]!))?.spans.length ?? 0,
    });

    const results: QueryFigures["cases"] = [];
    for (const c of cases) {
      for (let i = 0; i < 3; i++) await c.run(); // warm-up
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < opts.runs; i++) {
        const s = performance.now();
        rows = await c.run();
        samples.push(performance.now() - s);
      }
      results.push({ name: c.name, medianMs: median(samples), p95Ms: percentile(samples, 95), rows });
    }
    return { traces: opts.traces, spans: opts.traces * 5, loadSeconds, cases: results };
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
