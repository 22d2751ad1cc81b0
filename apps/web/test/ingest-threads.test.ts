import { afterAll, describe, expect, it } from "vitest";
import { builtinPriceMatcher, encodeTraceRequest, OtlpDecodeError, projectMatcher, type ModelPrice, type SpanInput } from "@sightline/core";
import { createTraceProcessor, ingestThreadCount, type TraceProcessor } from "@/features/ingest/server/traces/trace-pool";
import type { TraceOutcome } from "@/features/ingest/server/traces/process-traces";
import type { ProjectPrices } from "@/features/models/server/price-cache";
import { decodeRowBinarySpans } from "@sightline/clickhouse/row-encoding";

// The ingest worker threads through their public interface: real threads running the
// TypeScript source, compared with the inline path that runs the same code on the caller's thread.

const threads = createTraceProcessor(2);
const inline = createTraceProcessor(0);
afterAll(() => Promise.all([threads.close(), inline.close()]));

const BUILTIN: ProjectPrices = { version: 1, overrides: [], matcher: builtinPriceMatcher() };
const override = (input: number): ModelPrice => ({
  id: `override-${input}`,
  source: "project",
  model: "acme-model",
  provider: "",
  matchType: "exact",
  pattern: "acme-model",
  input,
  output: 0,
  cachedInput: null,
  cacheCreation: null,
  reasoning: null,
});
const prices = (version: number, overrides: ModelPrice[]): ProjectPrices => ({ version, overrides, matcher: projectMatcher(overrides) });

let seq = 0;
const hex = (length: number) => (++seq).toString(16).padStart(length, "a");
function span(extra: Partial<SpanInput> = {}, attributes: Record<string, unknown> = {}): SpanInput {
  const end = BigInt(Date.UTC(2026, 10, 24)) * 1_000_000n;
  return { traceId: hex(32), spanId: hex(16), name: `span-${seq}`, startTimeUnixNano: end - 5_000_000n, endTimeUnixNano: end, attributes, ...extra };
}
const generation = (model: string) =>
  span({}, { "gen_ai.operation.name": "chat", "gen_ai.request.model": model, "gen_ai.usage.input_tokens": 1_000_000, "gen_ai.usage.output_tokens": 0 });
const body = (spans: SpanInput[], format: "protobuf" | "json" = "protobuf") =>
  encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": "threads-test" } }, scopeSpans: [{ spans }] }] }, format).body;

const rows = (outcome: TraceOutcome) => decodeRowBinarySpans(outcome.encoded.bytes) as { span_id: string; name: string; cost: number | null; project_id: string }[];

async function both(processor: TraceProcessor[], make: () => Uint8Array, projectId: string, p: ProjectPrices) {
  return Promise.all(processor.map((proc) => proc.process(make(), "protobuf", projectId, p)));
}

describe("ingest worker threads", () => {
  it("give the same rows, rejections and warnings as the inline path, for protobuf and JSON", async () => {
    const spans = [span(), span({ spanId: "0000000000000000" }), span({}, { "gen_ai.request.model": "gpt-4o" }), generation("gpt-4o-mini")];
    for (const format of ["protobuf", "json"] as const) {
      const [viaThread, viaInline] = await Promise.all([threads, inline].map((p) => p.process(body(spans, format), format, "project-a", BUILTIN)));
      expect(viaThread!.rejectedSpans).toBe(1);
      expect(viaThread!.rejections).toMatch(/1 span rejected/);
      expect(viaThread!.warnings).toEqual(viaInline!.warnings);
      expect(viaThread!.encoded.keyHashes).toEqual(viaInline!.encoded.keyHashes);
      const [threadRows, inlineRows] = [rows(viaThread!), rows(viaInline!)];
      expect(threadRows).toEqual(inlineRows);
      expect(threadRows.map((r) => r.project_id)).toEqual(["project-a", "project-a", "project-a"]);
      expect(threadRows[2]!.cost).toBeCloseTo(0.15, 12); // gpt-4o-mini: $0.15 per million input tokens
      expect(viaThread!.encoded.rowEnds.at(-1)).toBe(viaThread!.encoded.bytes.length);
    }
  });

  it("answer an undecodable body with OtlpDecodeError naming the field, and keep working", async () => {
    const error = await threads.process(new Uint8Array([0x0a, 0xff, 0xff, 0xff]), "protobuf", "project-a", BUILTIN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OtlpDecodeError);
    const json = await threads.process(new TextEncoder().encode('{"resourceSpans": 7}'), "json", "project-a", BUILTIN).catch((e: unknown) => e);
    expect(json).toBeInstanceOf(OtlpDecodeError);
    expect((json as OtlpDecodeError).message).toMatch(/resourceSpans/);
    expect((await threads.process(body([span()]), "protobuf", "project-a", BUILTIN)).encoded.rowEnds).toHaveLength(1);
  });

  it("price with each project's overrides, and pick up a new version of them", async () => {
    const v1 = prices(10, [override(2)]);
    for (const [projectCost] of await both([threads, threads], () => body([generation("acme-model")]), "project-priced", v1).then((r) => r.map(rows))) {
      expect(projectCost!.cost).toBe(2);
    }
    const [other] = rows(await threads.process(body([generation("acme-model")]), "protobuf", "project-unpriced", prices(11, [])));
    expect(other!.cost).toBeNull();
    const [v2Row] = rows(await threads.process(body([generation("acme-model")]), "protobuf", "project-priced", prices(12, [override(3)])));
    expect(v2Row!.cost).toBe(3);
  });

  it("return each caller its own rows when many bodies are in flight at once", async () => {
    const bodies = Array.from({ length: 64 }, (_, i) => Array.from({ length: 1 + (i % 7) }, () => span()));
    const outcomes = await Promise.all(bodies.map((spans) => threads.process(body(spans), "protobuf", "project-many", BUILTIN)));
    outcomes.forEach((outcome, i) => expect(rows(outcome).map((r) => r.name)).toEqual(bodies[i]!.map((s) => s.name)));
  });
});

describe("SIGHTLINE_INGEST_THREADS", () => {
  it("defaults to one fewer than the cores (1 to 4), accepts 0 (inline), and refuses anything else with a reason", () => {
    expect(ingestThreadCount({})).toBeGreaterThanOrEqual(1);
    expect(ingestThreadCount({})).toBeLessThanOrEqual(4);
    expect(ingestThreadCount({ SIGHTLINE_INGEST_THREADS: "0" })).toBe(0);
    expect(ingestThreadCount({ SIGHTLINE_INGEST_THREADS: "3" })).toBe(3);
    for (const bad of ["two", "-1", "1.5", "65"]) expect(() => ingestThreadCount({ SIGHTLINE_INGEST_THREADS: bad })).toThrow(/SIGHTLINE_INGEST_THREADS must be an integer/);
  });
});
