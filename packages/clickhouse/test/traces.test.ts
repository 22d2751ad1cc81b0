import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { traceListFilterSchema, type TraceListFilter } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidCursorError, openClickHouse, type ClickHouseStore } from "../src/index";
import { buildTrace, hex, type BuiltTrace } from "./spans";

// Write → read round trips on embedded ClickHouse (chdb) through the public store API.
// One data folder for this file: chdb allows one on-disk path per process.

let dataDir: string;
let store: ClickHouseStore;
const projectId = "project-traces";
const filter = (f: Partial<TraceListFilter> = {}) => traceListFilterSchema.parse(f);
const BASE_MS = Date.UTC(2026, 10, 23, 10, 0, 0, 0);

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sl-"));
  store = await openClickHouse({ dataDir });
});

afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("write → get round trip", () => {
  let trace: BuiltTrace;
  beforeAll(async () => {
    trace = buildTrace({ projectId, startMs: BASE_MS + 123, userId: "alice", sessionId: "s-1", release: "r1", version: "v1", environment: "prod", tags: ["beta", "rag"], cost: 0.0021 });
    await store.writer.write(trace.spans);
  });

  it("returns the summary and every span, parsed and mapped to core types", async () => {
    const detail = await store.traces.get(projectId, trace.traceId);
    expect(detail).not.toBeNull();
    expect(detail).toMatchObject({
      traceId: trace.traceId,
      name: "answer-question",
      startTime: "2026-11-23T10:00:00.123000Z",
      endTime: "2026-11-23T10:00:01.023000Z",
      durationMs: 900,
      spanCount: 3,
      errorCount: 0,
      usage: { input: 100, output: 20, total: 120 },
      cost: 0.0021,
      userId: "alice",
      sessionId: "s-1",
      release: "r1",
      version: "v1",
      environment: "prod",
      tags: ["beta", "rag"],
    });
    expect(detail!.spans.map((s) => s.spanId)).toEqual([trace.rootId, trace.retrievalId, trace.generationId]);

    const [root, retrieval, generation] = detail!.spans;
    expect(root).toMatchObject({ parentSpanId: null, kind: "chain", model: null, provider: null, cost: null, input: "What is Sightline?", serviceName: "clickhouse-test" });
    expect(retrieval).toMatchObject({ parentSpanId: trace.rootId, kind: "retrieval" });
    expect(retrieval!.documents).toEqual([{ id: "doc-1", content: "Sightline stores spans in ClickHouse.", score: 0.92 }]);
    expect(generation).toMatchObject({
      parentSpanId: trace.rootId,
      kind: "generation",
      startTime: "2026-11-23T10:00:00.243000Z",
      durationMs: 760,
      model: "gpt-4o-mini",
      provider: "openai",
      usage: { input: 100, output: 20, total: 120, cacheRead: 0, reasoning: 0 },
      cost: 0.0021,
      status: "unset",
    });
    expect(generation!.input).toEqual([{ role: "user", content: "What is Sightline?" }]);
    expect(generation!.output).toMatchObject([{ role: "assistant", content: "A tracing platform.", finishReason: "stop" }]);
    expect(generation!.attributes["gen_ai.request.model"]).toBe("gpt-4o-mini");
    expect(generation!.mappedFrom.model).toBe("gen_ai");
    expect(generation!.resourceAttributes).toEqual({ "service.name": "clickhouse-test" });
  });

  it("keeps microseconds exactly", async () => {
    const [span] = buildTrace({ projectId, startMs: BASE_MS }).spans;
    const precise = { ...span!, traceId: hex(16), startTimeUs: BASE_MS * 1000 + 456_789, endTimeUs: BASE_MS * 1000 + 1_000_001 };
    await store.writer.write([precise]);
    const detail = await store.traces.get(projectId, precise.traceId);
    expect(detail?.spans[0]).toMatchObject({ startTime: "2026-11-23T10:00:00.456789Z", endTime: "2026-11-23T10:00:01.000001Z", durationMs: 543.212 });
  });

  it("returns JSON payloads exactly as written: nested objects, escapes, unicode, scalars, JSON-looking strings", async () => {
    const [span] = buildTrace({ projectId, startMs: BASE_MS }).spans;
    const awkward = {
      ...span!,
      traceId: hex(16),
      input: { messages: [{ role: "user", content: 'quote " backslash \\ newline \n tab \t é 漢字 🙂' }], nested: { deep: [1, 2.5, null, true, { k: "v" }] } },
      output: '{"looks":"like json but is a string"}',
      modelParameters: { temperature: 0.2, stop: ["\n\n"], max_tokens: 256 },
      attributes: { "a.b": 1, "big.int": "9007199254740993", empty: {}, list: [] },
      events: [{ name: "exception", timeUs: BASE_MS * 1000 + 7, attributes: { "exception.message": "boom" } }],
    };
    await store.writer.write([awkward]);
    const view = (await store.traces.get(projectId, awkward.traceId))!.spans[0]!;
    expect(view.input).toEqual(awkward.input);
    expect(view.output).toBe(awkward.output);
    expect(view.modelParameters).toEqual(awkward.modelParameters);
    expect(view.attributes).toEqual(awkward.attributes);
    expect(view.events).toEqual([{ name: "exception", time: "2026-11-23T10:00:00.000007Z", attributes: { "exception.message": "boom" } }]);

    const scalar = { ...span!, traceId: hex(16), input: 42, output: null, documents: [] };
    await store.writer.write([scalar]);
    const scalarView = (await store.traces.get(projectId, scalar.traceId))!.spans[0]!;
    expect(scalarView).toMatchObject({ input: 42, output: null, documents: [] });
  });

  it("is scoped to the project and answers null for an unknown trace", async () => {
    expect(await store.traces.get("another-project", trace.traceId)).toBeNull();
    expect(await store.traces.get(projectId, hex(16))).toBeNull();
    expect((await store.traces.list("another-project", filter())).data).toEqual([]);
  });
});

describe("idempotent ingest", () => {
  it("counts a batch written twice once, and shows each span once", async () => {
    const project = "project-retries";
    const trace = buildTrace({ projectId: project, startMs: BASE_MS, failing: true, inputTokens: 40, outputTokens: 2, cost: 0.5 });
    await store.writer.write(trace.spans);
    await store.writer.write(trace.spans); // a client retry: a second INSERT of the same rows
    const [summary] = (await store.traces.list(project, filter())).data;
    expect(summary).toMatchObject({ spanCount: 3, errorCount: 1, usage: { input: 40, output: 2, total: 42 }, cost: 0.5 });
    const detail = await store.traces.get(project, trace.traceId);
    expect(detail!.spans).toHaveLength(3);
    expect(detail).toMatchObject({ spanCount: 3, errorCount: 1, usage: { input: 40, output: 2, total: 42 }, cost: 0.5 });
  });

  it("drops duplicate (project, trace, span) keys inside one batch", async () => {
    const trace = buildTrace({ projectId: "project-in-batch", startMs: BASE_MS });
    const before = store.writer.stats();
    await store.writer.write([...trace.spans, ...trace.spans]);
    const after = store.writer.stats();
    expect(after.rows - before.rows).toBe(3);
    expect((await store.traces.get("project-in-batch", trace.traceId))!.spans).toHaveLength(3);
  });

  it("assembles one trace from spans that arrive in different batches", async () => {
    const project = "project-split";
    const trace = buildTrace({ projectId: project, startMs: BASE_MS, userId: "bob", cost: 0.25 });
    const root = trace.spans.find((s) => s.spanId === trace.rootId)!;
    const children = trace.spans.filter((s) => s.spanId !== trace.rootId);
    await store.writer.write(children); // the children end (and are sent) before their root
    await store.writer.write([root]);
    const [summary] = (await store.traces.list(project, filter())).data;
    expect(summary).toMatchObject({ traceId: trace.traceId, name: "answer-question", spanCount: 3, usage: { input: 100, output: 20, total: 120 }, cost: 0.25, userId: "bob", durationMs: 900 });
  });

  it("names a trace whose root never arrived after its earliest span, with null cost when no span has one", async () => {
    const project = "project-orphans";
    const trace = buildTrace({ projectId: project, startMs: BASE_MS });
    await store.writer.write(trace.spans.filter((s) => s.spanId !== trace.rootId));
    const detail = await store.traces.get(project, trace.traceId);
    expect(detail).toMatchObject({ name: "search-docs", spanCount: 2, cost: null });
  });
});

describe("list filters and pagination", () => {
  const project = "project-list";
  const traces: Record<string, BuiltTrace> = {};
  beforeAll(async () => {
    const specs = {
      a: { startMs: BASE_MS + 1_000, name: "chat-turn", userId: "u1", sessionId: "s1", release: "1.0", version: "v1", environment: "prod" },
      b: { startMs: BASE_MS + 2_000, name: "chat-turn", userId: "u2", sessionId: "s1", release: "1.1", version: "v2", environment: "prod", failing: true },
      c: { startMs: BASE_MS + 3_000, name: "ingest-doc", userId: "u1", sessionId: "s2", release: "1.1", version: "v1", environment: "staging" },
      d: { startMs: BASE_MS + 4_000, name: "chat-turn", userId: "u3", sessionId: "s3", release: "1.0", version: "v2", environment: "staging", failing: true },
      e: { startMs: BASE_MS + 5_000, name: "ingest-doc", userId: "u2", sessionId: "s2", release: "1.0", version: "v1", environment: "prod" },
      // Same start as e: the cursor must still separate them.
      f: { startMs: BASE_MS + 5_000, name: "chat-turn", userId: "u1", sessionId: "s3", release: "1.1", version: "v2", environment: "prod" },
      g: { startMs: BASE_MS + 6_000, name: "chat-turn", userId: "u3", sessionId: "s1", release: "1.0", version: "v1", environment: "dev" },
    };
    const all = [];
    for (const [key, spec] of Object.entries(specs)) {
      traces[key] = buildTrace({ projectId: project, ...spec });
      all.push(...traces[key]!.spans);
    }
    await store.writer.write(all);
  });

  /** Expected keys, newest first (ties by trace id, descending). */
  const keysOf = async (f: Partial<TraceListFilter>) => {
    const page = await store.traces.list(project, filter(f));
    const byId = new Map(Object.entries(traces).map(([key, t]) => [t.traceId, key]));
    return page.data.map((s) => byId.get(s.traceId));
  };
  const newestFirst = (...keys: string[]) =>
    keys.sort((x, y) => {
      const [a, b] = [traces[x]!, traces[y]!];
      const [ta, tb] = [a.spans[0]!.startTimeUs, b.spans[0]!.startTimeUs];
      return tb - ta || (a.traceId < b.traceId ? 1 : -1);
    });

  it("lists newest first with light columns", async () => {
    expect(await keysOf({})).toEqual(newestFirst("a", "b", "c", "d", "e", "f", "g"));
  });

  it.each([
    [{ name: "ingest-doc" }, ["c", "e"]],
    [{ userId: "u1" }, ["a", "c", "f"]],
    [{ sessionId: "s3" }, ["d", "f"]],
    [{ release: "1.1" }, ["b", "c", "f"]],
    [{ version: "v2" }, ["b", "d", "f"]],
    [{ environment: "staging" }, ["c", "d"]],
    [{ status: "error" as const }, ["b", "d"]],
    [{ status: "ok" as const }, ["a", "c", "e", "f", "g"]],
    [{ from: new Date(BASE_MS + 3_000), to: new Date(BASE_MS + 5_000) }, ["c", "d", "e", "f"]],
    [{ to: new Date(BASE_MS + 1_500) }, ["a"]],
    [{ userId: "u1", status: "ok" as const, release: "1.1" }, ["c", "f"]],
    [{ userId: "nobody" }, []],
  ])("filters %o", async (f, expected) => {
    expect(await keysOf(f)).toEqual(newestFirst(...expected));
  });

  it("pages with an opaque cursor without gaps or repeats, ties included", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await store.traces.list(project, filter({ limit: 2, cursor }));
      sizes.push(page.data.length);
      seen.push(...page.data.map((s) => s.traceId));
      cursor = page.nextCursor ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(sizes).toEqual([2, 2, 2, 1]);
    expect(seen).toEqual(newestFirst("a", "b", "c", "d", "e", "f", "g").map((k) => traces[k]!.traceId));
  });

  it("combines a cursor with filters", async () => {
    const first = await store.traces.list(project, filter({ limit: 1, name: "chat-turn" }));
    const second = await store.traces.list(project, filter({ limit: 10, name: "chat-turn", cursor: first.nextCursor! }));
    expect([...first.data, ...second.data].map((s) => s.traceId)).toEqual(newestFirst("a", "b", "d", "f", "g").map((k) => traces[k]!.traceId));
    expect(second.nextCursor).toBeNull();
  });

  it.each(["not base64!", Buffer.from("[1,2]").toString("base64url"), Buffer.from('[1700000000000000,"zz"]').toString("base64url"), "e30"])(
    "rejects the bad cursor %s with a clear error",
    async (cursor) => {
      await expect(store.traces.list(project, filter({ cursor }))).rejects.toThrow(InvalidCursorError);
      await expect(store.traces.list(project, filter({ cursor }))).rejects.toThrow(/^Invalid cursor: /);
    },
  );
});
