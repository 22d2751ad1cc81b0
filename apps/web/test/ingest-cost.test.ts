import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTraceRequest, type SpanInput } from "@sightline/core";

// Computed cost end to end: OTLP over a real socket to the app's route modules, on real
// embedded engines in a temp folder, read back through the public query API.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-ingest-cost-"));
Object.assign(process.env, {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: "admin@ingest-cost.test",
  SIGHTLINE_INIT_ADMIN_PASSWORD: "ingest-cost-test-password",
});
delete process.env.DATABASE_URL;
delete process.env.CLICKHOUSE_URL;

const { startAppServer } = await import("./bad-input/app-server");
const { createProjectWithKey, firstProjectKey } = await import("./bad-input/projects");
const { getStores, closeStores } = await import("@/server/stores");
const { userWithRoles } = await import("./support/project-users");

type Key = Awaited<ReturnType<typeof firstProjectKey>>;
let server: Awaited<ReturnType<typeof startAppServer>>;
let key: Key;
let otherKey: Key;

beforeAll(async () => {
  server = await startAppServer();
  const { prisma } = (await getStores()).db;
  key = await firstProjectKey(prisma);
  otherKey = await createProjectWithKey(prisma, "Cost other project");
}, 120_000);
afterAll(async () => {
  await server?.close();
  await closeStores();
  rmSync(dataDir, { recursive: true, force: true });
});

let seq = 0;
const id = (length: number) => (++seq).toString(16).padStart(length, "c");

/** A generation span with OTel GenAI usage and no cost. */
function generation(traceId: string, model: string, attributes: Record<string, unknown> = {}, extra: Partial<SpanInput> = {}): SpanInput {
  const end = BigInt(Date.now()) * 1_000_000n;
  return {
    traceId,
    spanId: id(16),
    name: `chat ${model}`,
    startTimeUnixNano: end - 20_000_000n,
    endTimeUnixNano: end,
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": model,
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 200,
      ...attributes,
    },
    ...extra,
  };
}

async function ingest(spans: SpanInput[], as: Key = key): Promise<void> {
  const body = encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": "cost-test" } }, scopeSpans: [{ spans }] }] }, "json");
  const res = await fetch(`${server.url}/api/public/otel/v1/traces`, {
    method: "POST",
    body: body.body as BodyInit,
    headers: { "content-type": "application/json", authorization: as.basic },
  });
  expect(res.status).toBe(200);
}

async function readTrace(traceId: string, as: Key = key) {
  const res = await fetch(`${server.url}/api/public/traces/${traceId}`, { headers: { authorization: as.basic } });
  expect(res.status).toBe(200);
  return (await res.json()) as { cost: number | null; spans: { spanId: string; cost: number | null; mappedFrom: Record<string, string> }[] };
}

async function ownerCaller(projectId: string) {
  return (await userWithRoles((await getStores()).db.prisma, { [projectId]: "owner" })).caller;
}

describe("cost at ingest", () => {
  it("computes the cost of a generation sent with usage and no cost, and sums it on the trace", async () => {
    const traceId = id(32);
    const span = generation(traceId, "gpt-4o-2024-08-06", { "gen_ai.usage.cache_read.input_tokens": 400 });
    await ingest([span]);
    const trace = await readTrace(traceId);
    const expected = (600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6;
    expect(trace.spans[0]).toMatchObject({ cost: expected, mappedFrom: expect.objectContaining({ cost: "computed" }) });
    expect(trace.cost).toBeCloseTo(expected, 12);

    const list = await (await fetch(`${server.url}/api/public/traces?name=${encodeURIComponent(span.name)}`, { headers: { authorization: key.basic } })).json();
    expect(list.data.find((t: { traceId: string }) => t.traceId === traceId)?.cost).toBeCloseTo(expected, 12);
  });

  it("keeps a provided cost as sent", async () => {
    const traceId = id(32);
    await ingest([generation(traceId, "gpt-4o", { "gen_ai.usage.cost": 0.123 })]);
    expect((await readTrace(traceId)).spans[0]).toMatchObject({ cost: 0.123, mappedFrom: expect.objectContaining({ cost: "gen_ai" }) });
  });

  it("leaves an unknown model's cost null, and a trace of unpriced spans without a cost", async () => {
    const traceId = id(32);
    await ingest([generation(traceId, "acme-house-model")]);
    const trace = await readTrace(traceId);
    expect(trace.spans[0]!.cost).toBeNull();
    expect(trace.cost).toBeNull();
  });

  it("sums only the priced spans of a partially priced trace", async () => {
    const traceId = id(32);
    await ingest([generation(traceId, "gpt-4o-mini"), generation(traceId, "acme-house-model")]);
    const trace = await readTrace(traceId);
    expect(trace.spans.map((s) => s.cost).filter((c) => c === null)).toHaveLength(1);
    expect(trace.cost).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 12);
  });

  it("uses a project's override, for that project only", async () => {
    const owner = await ownerCaller(key.projectId);
    await owner.models.create({
      projectId: key.projectId,
      matchType: "exact",
      pattern: "acme-priced-model",
      input: 10,
      output: 20,
      cachedInput: null,
      cacheCreation: null,
      reasoning: null,
    });
    await owner.models.create({
      projectId: key.projectId,
      matchType: "regex",
      pattern: "^gpt-4o-mini",
      input: 1,
      output: 1,
      cachedInput: null,
      cacheCreation: null,
      reasoning: null,
    });

    const here = id(32);
    await ingest([generation(here, "acme-priced-model"), generation(here, "openai/gpt-4o-mini")]);
    const trace = await readTrace(here);
    expect(trace.spans.map((s) => s.cost).sort()).toEqual([(1000 + 200) / 1e6, (1000 * 10 + 200 * 20) / 1e6].sort());

    const elsewhere = id(32);
    await ingest([generation(elsewhere, "acme-priced-model"), generation(elsewhere, "gpt-4o-mini")], otherKey);
    const other = await readTrace(elsewhere, otherKey);
    expect(other.spans.map((s) => s.cost).sort()).toEqual([(1000 * 0.15 + 200 * 0.6) / 1e6, null]);
  });
});
