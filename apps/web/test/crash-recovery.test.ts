import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeTraceRequest, type SpanInput } from "@sightline/core";
import { startIngestChild, type IngestChild } from "./crash/child-process";

// kill -9 of a real server process during sustained ingest: nothing acknowledged is lost,
// and batches that were not acknowledged, retried by their clients after the restart, land
// exactly once (in the spans, in the per-trace counts and in the token sums).

const dataDir = mkdtempSync(join(tmpdir(), "sl-crash-"));
const PK = "pk-sl-crash-test-public-0001";
const SK = "sk-sl-crash-test-secret-000000000001";
const ENV = {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: "admin@crash.test",
  SIGHTLINE_INIT_ADMIN_PASSWORD: "crash-test-password",
  SIGHTLINE_INIT_PUBLIC_KEY: PK,
  SIGHTLINE_INIT_SECRET_KEY: SK,
};
const AUTH = `Basic ${Buffer.from(`${PK}:${SK}`).toString("base64")}`;

const CLIENTS = 8;
const BATCHES_PER_CLIENT = 30;
const TRACES_PER_BATCH = 10;
const BATCHES = CLIENTS * BATCHES_PER_CLIENT;
/** One trace receives a span from every batch: its totals add up across all of them. */
const SHARED_TRACE = "5".repeat(32);

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const traceIdOf = (batch: number, t: number) => hex(batch * TRACES_PER_BATCH + t + 1, 32);

interface Batch {
  body: Uint8Array;
  traceIds: string[];
  spanIds: string[];
}

/** Ten 5-span traces (the third span a generation with `batch + 1` input tokens) and one span of the shared trace. */
function buildBatch(batch: number): Batch {
  const end = BigInt(Date.now()) * 1_000_000n;
  const spans: SpanInput[] = [];
  const traceIds: string[] = [];
  for (let t = 0; t < TRACES_PER_BATCH; t++) {
    const traceId = traceIdOf(batch, t);
    traceIds.push(traceId);
    for (let s = 0; s < 5; s++) {
      spans.push({
        traceId,
        spanId: hex((batch * TRACES_PER_BATCH + t) * 8 + s + 1, 16),
        parentSpanId: s === 0 ? "" : hex((batch * TRACES_PER_BATCH + t) * 8 + 1, 16),
        name: s === 2 ? "chat" : `step-${s}`,
        startTimeUnixNano: end - 50_000_000n + BigInt(s),
        endTimeUnixNano: end,
        attributes: s === 2 ? { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": batch + 1, "gen_ai.usage.output_tokens": 2 } : { "input.value": "x".repeat(300) },
      });
    }
  }
  spans.push({
    traceId: SHARED_TRACE,
    spanId: hex(0xf000000 + batch, 16),
    name: "shared-chat",
    startTimeUnixNano: end - 10_000_000n,
    endTimeUnixNano: end,
    attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "m", "gen_ai.usage.input_tokens": 1, "gen_ai.usage.output_tokens": 1 },
  });
  const body = encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": "crash-test" } }, scopeSpans: [{ spans }] }] }, "protobuf").body;
  return { body, traceIds, spanIds: spans.map((s) => s.spanId) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Clients as an exporter behaves: each sends its batches in order and resends a batch, as
 * is, after a network error or a 429/503, until it is acknowledged. While `target.url` is
 * null (the server is down) they wait.
 */
function startClients(batches: Batch[], target: { url: string | null }) {
  const acked = new Set<number>();
  const attempts = { total: 0, failed: 0 };
  const send = async (index: number) => {
    for (;;) {
      const url = target.url;
      if (url === null) {
        await sleep(20);
        continue;
      }
      attempts.total++;
      try {
        const res = await fetch(`${url}/v1/traces`, {
          method: "POST",
          headers: { "content-type": "application/x-protobuf", authorization: AUTH },
          body: batches[index]!.body as BodyInit,
        });
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (res.status === 200 && bytes.length === 0) {
          acked.add(index);
          return;
        }
        if (res.status !== 503 && res.status !== 429) throw new Error(`batch ${index}: unexpected ${res.status}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("batch ")) throw error;
        // fetch failed: connection reset or refused while the server is down
      }
      attempts.failed++;
      await sleep(50);
    }
  };
  const done = Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < BATCHES_PER_CLIENT; i++) await send(client * BATCHES_PER_CLIENT + i);
    }),
  );
  return { acked, attempts, done };
}

async function getJson(child: IngestChild, path: string): Promise<any> {
  const res = await fetch(`${child.url}${path}`, { headers: { authorization: AUTH } });
  expect(res.status, path).toBe(200);
  return res.json();
}

interface ListedTrace {
  traceId: string;
  spanCount: number;
  usage: { input: number; output: number };
}

/** Every trace of the project, by id, through the paginated list API; a trace listed twice fails. */
async function listAll(from: IngestChild): Promise<Map<string, ListedTrace>> {
  const byId = new Map<string, ListedTrace>();
  let cursor: string | undefined;
  do {
    const page = await getJson(from, `/api/public/traces?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    for (const trace of page.data as ListedTrace[]) {
      expect(byId.has(trace.traceId), `trace ${trace.traceId} listed twice`).toBe(false);
      byId.set(trace.traceId, trace);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return byId;
}

let child: IngestChild | undefined;
afterAll(async () => {
  await child?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("kill -9 during sustained ingest", () => {
  it("keeps every acknowledged span, and retried batches land exactly once", async () => {
    const batches = Array.from({ length: BATCHES }, (_, i) => buildBatch(i));
    child = await startIngestChild(ENV);
    const target: { url: string | null } = { url: child.url };
    const clients = startClients(batches, target);

    // Crash with requests in flight, once a good part is acknowledged.
    while (clients.acked.size < BATCHES / 4) await sleep(5);
    target.url = null;
    await child.crash();
    const ackedBeforeCrash = [...clients.acked];
    expect(ackedBeforeCrash.length).toBeLessThan(BATCHES);

    child = await startIngestChild(ENV); // replays the write-ahead log before it listens

    // Before any retry lands: every trace of a batch acknowledged before the crash is whole.
    const beforeRetries = await listAll(child);
    for (const index of ackedBeforeCrash) {
      for (const traceId of batches[index]!.traceIds) {
        expect(beforeRetries.get(traceId), `trace ${traceId} of acknowledged batch ${index}`).toMatchObject({ spanCount: 5, usage: { input: index + 1, output: 2 } });
      }
    }

    target.url = child.url;
    await clients.done;
    expect(clients.acked.size).toBe(BATCHES);
    expect(clients.attempts.failed).toBeGreaterThan(0); // some requests really were cut off or refused

    // Reconcile everything through the public API: each trace once, with exact counts and sums.
    const byId = await listAll(child);
    expect(byId.size).toBe(BATCHES * TRACES_PER_BATCH + 1);
    for (let batch = 0; batch < BATCHES; batch++) {
      for (let t = 0; t < TRACES_PER_BATCH; t++) {
        const trace = byId.get(traceIdOf(batch, t));
        expect(trace, `trace ${t} of batch ${batch}`).toMatchObject({ spanCount: 5, usage: { input: batch + 1, output: 2 } });
      }
    }
    expect(byId.get(SHARED_TRACE)).toMatchObject({ spanCount: BATCHES, usage: { input: BATCHES, output: BATCHES } });
    const shared = await getJson(child, `/api/public/traces/${SHARED_TRACE}`);
    expect(shared.spans).toHaveLength(BATCHES);
  }, 240_000);
});
