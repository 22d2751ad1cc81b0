import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTraceRequest, type SpanInput } from "@sightline/core";

// The real route handlers on real embedded engines (chdb + PGlite) in a temp folder.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-ingest-"));
const PK = "pk-sl-ingest-test-public-0001";
const SK = "sk-sl-ingest-test-secret-000000000001";
Object.assign(process.env, {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: "admin@ingest.test",
  SIGHTLINE_INIT_ADMIN_PASSWORD: "ingest-test-password",
  SIGHTLINE_INIT_PUBLIC_KEY: PK,
  SIGHTLINE_INIT_SECRET_KEY: SK,
  SIGHTLINE_MAX_BODY_BYTES: String(2 * 1024 * 1024),
});
delete process.env.DATABASE_URL;
delete process.env.CLICKHOUSE_URL;

const { POST: otlpTraces } = await import("@/app/api/public/otel/v1/traces/route");
const { POST: otlpMetrics } = await import("@/app/api/public/otel/v1/metrics/route");
const { GET: listTraces } = await import("@/app/api/public/traces/route");
const { GET: getTrace } = await import("@/app/api/public/traces/[traceId]/route");
const { GET: health } = await import("@/app/api/health/route");
const { closeStores } = await import("@/server/stores");

const basic = `Basic ${Buffer.from(`${PK}:${SK}`).toString("base64")}`;
const hex = (n: number, seed: string) => seed.repeat(n).slice(0, n);
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

function span(traceId: string, spanId: string, extra: Partial<SpanInput> = {}): SpanInput {
  const end = nowNs();
  return { traceId, spanId, name: "chat", startTimeUnixNano: end - 5_000_000n, endTimeUnixNano: end, ...extra };
}
const request = (spans: SpanInput[]) => ({ resourceSpans: [{ resource: { attributes: { "service.name": "web-test" } }, scopeSpans: [{ spans }] }] });

function post(body: BodyInit, headers: Record<string, string>, url = "http://localhost/api/public/otel/v1/traces") {
  return otlpTraces(new Request(url, { method: "POST", body, headers: { authorization: basic, ...headers } }));
}
const get = (path: string, auth = basic) => new Request(`http://localhost${path}`, { headers: { authorization: auth } });

beforeAll(async () => {
  expect((await health()).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await closeStores();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("OTLP ingest", () => {
  it("takes protobuf, answers an empty ExportTraceServiceResponse, and the query API reads the trace back", async () => {
    const traceId = hex(32, "a1");
    const body = encodeTraceRequest(
      request([
        span(traceId, hex(16, "b1"), { name: "root", attributes: { "user.id": "u-1", "session.id": "s-1" } }),
        span(traceId, hex(16, "b2"), {
          parentSpanId: hex(16, "b1"),
          name: "chat gpt-4o",
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.request.model": "gpt-4o",
            "gen_ai.usage.input_tokens": 12,
            "gen_ai.usage.output_tokens": 3,
            "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "hello" }] }]),
            "custom.flag": true,
          },
        }),
      ]),
      "protobuf",
    );
    const res = await post(body.body as BodyInit, { "content-type": "application/x-protobuf" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await res.arrayBuffer()).byteLength).toBe(0);

    const list = await (await listTraces(get("/api/public/traces?userId=u-1"))).json();
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ traceId, name: "root", spanCount: 2, userId: "u-1", sessionId: "s-1" });

    const detail = await (await getTrace(get(`/api/public/traces/${traceId}`), { params: Promise.resolve({ traceId }) })).json();
    expect(detail.spans).toHaveLength(2);
    const chat = detail.spans.find((s: { name: string }) => s.name === "chat gpt-4o");
    expect(chat).toMatchObject({
      spanId: hex(16, "b2"),
      parentSpanId: hex(16, "b1"),
      kind: "generation",
      model: "gpt-4o",
      usage: { input: 12, output: 3, total: 15 },
      input: [{ role: "user", content: "hello" }],
    });
    expect(chat.attributes["custom.flag"]).toBe(true);
  });

  it("takes gzip'd JSON on the /v1/traces path with Bearer auth", async () => {
    const traceId = hex(32, "c3");
    const json = encodeTraceRequest(request([span(traceId, hex(16, "d4"))]), "json").body;
    const res = await otlpTraces(
      new Request("http://localhost/v1/traces", {
        method: "POST",
        body: gzipSync(json),
        headers: { authorization: `Bearer ${SK}`, "content-type": "application/json; charset=utf-8", "content-encoding": "gzip" },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect((await getTrace(get(`/api/public/traces/${traceId}`), { params: Promise.resolve({ traceId }) })).status).toBe(200);
  });

  it("rejects bad spans with reasons and still stores the valid ones (partial success)", async () => {
    const traceId = hex(32, "e5");
    const body = encodeTraceRequest(
      request([span(traceId, hex(16, "f6"), { name: "good" }), span(traceId, "", { name: "no-span-id" }), span("zz", hex(16, "f7"), { name: "bad-trace-id" })]),
      "json",
    ).body;
    const res = await post(body as BodyInit, { "content-type": "application/json" });
    expect(res.status).toBe(200);
    const payload = await res.json();
    expect(Number(payload.partialSuccess.rejectedSpans)).toBe(2);
    expect(payload.partialSuccess.errorMessage).toMatch(/no-span-id/);
    const detail = await (await getTrace(get(`/api/public/traces/${traceId}`), { params: Promise.resolve({ traceId }) })).json();
    expect(detail.spans.map((s: { name: string }) => s.name)).toEqual(["good"]);
  });

  it("answers 415, 401, 400 and 413 with google.rpc.Status reasons", async () => {
    const valid = encodeTraceRequest(request([span(hex(32, "19"), hex(16, "28"))]), "json").body as BodyInit;

    const unsupported = await post(valid, { "content-type": "text/plain" });
    expect(unsupported.status).toBe(415);
    expect((await unsupported.json()).message).toMatch(/Content-Type/);

    for (const authorization of ["", "Basic !!!", `Basic ${Buffer.from(`${PK}:wrong`).toString("base64")}`, "Bearer sk-sl-nope", "Token abc"]) {
      const res = await otlpTraces(
        new Request("http://localhost/v1/traces", { method: "POST", body: valid, headers: { "content-type": "application/json", authorization } }),
      );
      expect(res.status).toBe(401);
      expect((await res.json()).message.length).toBeGreaterThan(5);
    }

    const garbage = await post(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), { "content-type": "application/x-protobuf" });
    expect(garbage.status).toBe(400);
    expect(garbage.headers.get("content-type")).toBe("application/x-protobuf");
    expect((await garbage.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const badJson = await post("{ not json", { "content-type": "application/json" });
    expect(badJson.status).toBe(400);
    expect((await badJson.json()).message).toMatch(/decode/i);

    const badGzip = await post(new Uint8Array([1, 2, 3, 4]), { "content-type": "application/json", "content-encoding": "gzip" });
    expect(badGzip.status).toBe(400);

    const tooBig = await post(new Uint8Array(3 * 1024 * 1024), { "content-type": "application/x-protobuf" });
    expect(tooBig.status).toBe(413);

    // 64 MiB of zeros gzip to ~64 KiB: refused after decompressing at most the cap.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const bombed = await post(bomb, { "content-type": "application/x-protobuf", "content-encoding": "gzip" });
    expect(bombed.status).toBe(413);
    expect((await bombed.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it("accepts metrics so exporters sending every signal see no errors", async () => {
    const res = await otlpMetrics(new Request("http://localhost/v1/metrics", { method: "POST", body: "{}", headers: { "content-type": "application/json", authorization: basic } }));
    expect(res.status).toBe(200);
  });
});

describe("public query API", () => {
  it("validates its parameters and ids", async () => {
    expect((await listTraces(get("/api/public/traces?limit=0"))).status).toBe(400);
    expect((await listTraces(get("/api/public/traces?from=yesterday-ish"))).status).toBe(400);
    expect((await listTraces(get("/api/public/traces?colour=blue"))).status).toBe(400);
    expect((await listTraces(get("/api/public/traces?cursor=not-a-cursor"))).status).toBe(400);
    expect((await listTraces(get("/api/public/traces", "Bearer sk-sl-unknown"))).status).toBe(401);
    const bad = await getTrace(get("/api/public/traces/xyz"), { params: Promise.resolve({ traceId: "xyz" }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/trace id/);
    const missing = hex(32, "0f");
    expect((await getTrace(get(`/api/public/traces/${missing}`), { params: Promise.resolve({ traceId: missing }) })).status).toBe(404);
  });

  it("pages with nextCursor, newest first", async () => {
    const ids = ["31", "32", "33"].map((s) => hex(32, s));
    const base = nowNs() - 60_000_000_000n;
    const spans = ids.map((traceId, i) =>
      span(traceId, hex(16, `4${i}`), { name: "paged", startTimeUnixNano: base + BigInt(i) * 1_000_000_000n, endTimeUnixNano: base + BigInt(i) * 1_000_000_000n + 1000n }),
    );
    expect((await post(encodeTraceRequest(request(spans), "json").body as BodyInit, { "content-type": "application/json" })).status).toBe(200);
    const first = await (await listTraces(get("/api/public/traces?name=paged&limit=2"))).json();
    expect(first.data.map((t: { traceId: string }) => t.traceId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBeTruthy();
    const second = await (await listTraces(get(`/api/public/traces?name=paged&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`))).json();
    expect(second.data.map((t: { traceId: string }) => t.traceId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();
  });
});
