import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest, type CanonicalSpan, type SpanInput } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients } from "../src/connect";
import { MIGRATIONS, openClickHouse, spanToRow, type ClickHouseStore } from "../src/index";
import { runMigrations } from "../src/migrations";
import { hex } from "./spans";

// Trace totals count usage once, at the leaves (migration 0003): wrapper spans that repeat
// their children's usage are flagged by the mapper and left out of the `traces` aggregate.
// Real payloads captured from the Vercel AI SDK (packages/core/test/fixtures) go through the
// mapper and the writer into embedded ClickHouse.

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "core", "test", "fixtures");
const projectId = "project-usage-leaves";
const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;

function mapFixture(file: string): CanonicalSpan[] {
  const body = new TextEncoder().encode(readFileSync(join(FIXTURES, file), "utf8"));
  const mapped = mapTraceRequest(decodeTraceRequest(body, "json"), { projectId });
  expect(mapped.rejected.count).toBe(0);
  return mapped.spans;
}

function mapSpans(spans: SpanInput[]): CanonicalSpan[] {
  const request = { resourceSpans: [{ resource: { attributes: { "service.name": "usage-leaves" } }, scopeSpans: [{ scope: { name: "test" }, spans }] }] };
  const mapped = mapTraceRequest(decodeTraceRequest(encodeTraceRequest(request, "json").body, "json"), { projectId });
  expect(mapped.rejected.count).toBe(0);
  return mapped.spans;
}

/** An OTel GenAI agent (usage = sum of its calls) over two chat calls, built as separate requests when asked. */
function agentTrace(startMs: number): { traceId: string; root: SpanInput; chats: SpanInput[] } {
  const traceId = hex(16);
  const rootId = hex(8);
  const chat = (i: number): SpanInput => ({
    traceId, spanId: hex(8), parentSpanId: rootId, name: "chat gpt-4o", kind: 3,
    startTimeUnixNano: ns(startMs + 10 + i * 100), endTimeUnixNano: ns(startMs + 90 + i * 100),
    attributes: {
      "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 10, "gen_ai.usage.cost": 0.5,
    },
  });
  const root: SpanInput = {
    traceId, spanId: rootId, name: "invoke_agent planner", kind: 1,
    startTimeUnixNano: ns(startMs), endTimeUnixNano: ns(startMs + 500),
    attributes: {
      "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "planner", "gen_ai.request.model": "gpt-4o",
      "gen_ai.usage.input_tokens": 200, "gen_ai.usage.output_tokens": 20, "gen_ai.usage.cost": 1,
    },
  };
  return { traceId, root, chats: [chat(0), chat(1)] };
}

describe("trace totals count usage leaves once", () => {
  let dataDir: string;
  let store: ClickHouseStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "sl-leaves-"));
    store = await openClickHouse({ dataDir });
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("Vercel AI SDK 7 (invoke_agent → step → chat): the agent's summed usage is not added again", async () => {
    const spans = mapFixture("vercel-ai/v7-generate-text-tools.json");
    const agent = spans.find((s) => s.name.startsWith("invoke_agent"))!;
    expect(agent.usage).toMatchObject({ input: 80, output: 24 });
    expect(agent.usageRollup).toBe(true);
    await store.writer.write(spans);
    const trace = await store.traces.get(projectId, agent.traceId);
    expect(trace?.usage).toEqual({ input: 80, output: 24, total: 104 });
    expect(trace?.spanCount).toBe(6);
    // The wrapper row keeps its own numbers for the span panel.
    expect(trace?.spans.find((s) => s.spanId === agent.spanId)?.usage).toMatchObject({ input: 80, output: 24 });
  });

  it("Vercel AI SDK 5 (ai.generateText over ai.generateText.doGenerate): counted at the model calls", async () => {
    const spans = mapFixture("vercel-ai/v5-generate-text-tools.json");
    const wrapper = spans.find((s) => s.name === "ai.generateText")!;
    expect(wrapper.usageRollup).toBe(true);
    await store.writer.write(spans);
    const trace = await store.traces.get(projectId, wrapper.traceId);
    // Two doGenerate calls of 40 in / 12 out each; the wrapper's 40/12 is not added.
    expect(trace?.usage).toEqual({ input: 80, output: 24, total: 104 });
  });

  it("a wrapper exported in a later request than its children is still not counted (kind agent)", async () => {
    const { traceId, root, chats } = agentTrace(Date.now() - 60_000);
    await store.writer.write(mapSpans(chats));
    await store.writer.write(mapSpans([root]));
    const trace = await store.traces.get(projectId, traceId);
    expect(trace?.usage).toEqual({ input: 200, output: 20, total: 220 });
    expect(trace?.cost).toBe(1);
    expect(trace?.spanCount).toBe(3);
  });

  it("a retried batch changes nothing", async () => {
    const { traceId, root, chats } = agentTrace(Date.now() - 50_000);
    const spans = mapSpans([root, ...chats]);
    await store.writer.write(spans);
    await store.writer.write(mapSpans([root, ...chats]));
    const trace = await store.traces.get(projectId, traceId);
    expect(trace?.usage).toEqual({ input: 200, output: 20, total: 220 });
    expect(trace?.cost).toBe(1);
  });

  it("a lone span with usage (no wrapper) counts as before", async () => {
    const { traceId, chats } = agentTrace(Date.now() - 40_000);
    const lone = { ...chats[0]!, parentSpanId: undefined };
    await store.writer.write(mapSpans([lone]));
    const trace = await store.traces.get(projectId, traceId);
    expect(trace?.usage).toEqual({ input: 100, output: 10, total: 110 });
  });
});

describe("migration 0003 on an existing database", () => {
  let dataDir: string;
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps the totals already aggregated and counts leaves for spans inserted afterwards", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "sl-leaves-upgrade-"));
    const before = MIGRATIONS.filter((m) => m.version < 3);

    // A database at 0002, with one agent trace stored under the old rule (everything summed).
    const old = agentTrace(Date.now() - 30_000);
    const clients = await createClients({ dataDir });
    try {
      await runMigrations(clients.writer, before, {});
      const rows = mapSpans([old.root, ...old.chats]).map((span) => {
        const { usage_rollup: _dropped, ...row } = spanToRow(span);
        return row;
      });
      await clients.writer.insert({
        table: "spans",
        values: rows,
        format: "JSONEachRow",
        clickhouse_settings: { input_format_json_read_objects_as_strings: 1, input_format_json_read_arrays_as_strings: 1 },
      });
    } finally {
      await Promise.allSettled([clients.writer.close(), clients.reader.close()]);
    }

    const store = await openClickHouse({ dataDir });
    try {
      const kept = await store.traces.get(projectId, old.traceId);
      expect(kept?.usage).toEqual({ input: 400, output: 40, total: 440 });
      expect(kept?.spans).toHaveLength(3);

      const fresh = agentTrace(Date.now() - 20_000);
      await store.writer.write(mapSpans([fresh.root, ...fresh.chats]));
      const counted = await store.traces.get(projectId, fresh.traceId);
      expect(counted?.usage).toEqual({ input: 200, output: 20, total: 220 });
    } finally {
      await store.close();
    }
  });
});
