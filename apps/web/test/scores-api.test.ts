import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTraceRequest, type ScoreView } from "@sightline/core";

// POST /api/public/scores and the scores in GET /api/public/traces/{id} and tRPC, over a real
// socket (the app's route modules behind node:http) on real embedded engines in a temp folder.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-scores-"));
const PK = "pk-sl-scores-test-public-0001";
const SK = "sk-sl-scores-test-secret-000000000001";
Object.assign(process.env, {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: "admin@scores.test",
  SIGHTLINE_INIT_ADMIN_PASSWORD: "scores-test-password",
  SIGHTLINE_INIT_PUBLIC_KEY: PK,
  SIGHTLINE_INIT_SECRET_KEY: SK,
});
delete process.env.DATABASE_URL;
delete process.env.CLICKHOUSE_URL;

const scoresRoute = await import("@/app/api/public/scores/route");
const otlpRoute = await import("@/app/api/public/otel/v1/traces/route");
const traceRoute = await import("@/app/api/public/traces/[traceId]/route");
const { getStores, closeStores } = await import("@/server/stores");
const { createApiKey } = await import("@/features/api-keys/server/api-keys");
const { createTRPCContext } = await import("@/server/trpc");
const { createCaller } = await import("@/server/routers/root");
const { createSession, SESSION_COOKIE } = await import("@/features/auth/server/sessions");

/** The route modules `next start` runs, behind a real HTTP server on a free port. */
async function serveRoutes(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) for (const v of [value ?? []].flat()) headers.append(name, v);
    const body = incoming.method === "POST" ? { body: incoming as unknown as BodyInit, duplex: "half" } : {};
    const req = new Request(url, { method: incoming.method, headers, ...body } as RequestInit);
    const traceId = /^\/api\/public\/traces\/([^/]+)$/.exec(url.pathname)?.[1];
    const res =
      url.pathname === "/api/public/scores" && incoming.method === "POST"
        ? await scoresRoute.POST(req)
        : url.pathname === "/api/public/otel/v1/traces" && incoming.method === "POST"
          ? await otlpRoute.POST(req)
          : traceId && incoming.method === "GET"
            ? await traceRoute.GET(req, { params: Promise.resolve({ traceId }) })
            : new Response(null, { status: 404 });
    outgoing.writeHead(res.status, Object.fromEntries(res.headers));
    outgoing.end(Buffer.from(await res.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

let app: Awaited<ReturnType<typeof serveRoutes>>;
let stores: Awaited<ReturnType<typeof getStores>>;
let projectId: string;
const basic = (pk: string, sk: string) => `Basic ${Buffer.from(`${pk}:${sk}`).toString("base64")}`;
const AUTH = basic(PK, SK);
const hex = (n: number, seed: string) => seed.repeat(n).slice(0, n);

function postScores(body: unknown, init: { auth?: string; contentType?: string; raw?: BodyInit; headers?: Record<string, string>; path?: string } = {}) {
  return fetch(`${app.url}${init.path ?? "/api/public/scores"}`, {
    method: "POST",
    headers: { authorization: init.auth ?? AUTH, "content-type": init.contentType ?? "application/json", ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
}

async function ingestTrace(traceId: string, spanIds: string[], auth = AUTH) {
  const end = BigInt(Date.now()) * 1_000_000n;
  const spans = spanIds.map((spanId, i) => ({
    traceId,
    spanId,
    ...(i > 0 ? { parentSpanId: spanIds[0] } : {}),
    name: i === 0 ? "answer" : `step-${i}`,
    startTimeUnixNano: end - 5_000_000n,
    endTimeUnixNano: end,
  }));
  const body = encodeTraceRequest({ resourceSpans: [{ scopeSpans: [{ spans }] }] }, "json").body as BodyInit;
  const res = await fetch(`${app.url}/api/public/otel/v1/traces`, { method: "POST", body, headers: { authorization: auth, "content-type": "application/json" } });
  expect(res.status).toBe(200);
}

async function traceScores(traceId: string, auth = AUTH): Promise<ScoreView[]> {
  const res = await fetch(`${app.url}/api/public/traces/${traceId}`, { headers: { authorization: auth } });
  expect(res.status).toBe(200);
  return (await res.json()).scores;
}

beforeAll(async () => {
  stores = await getStores();
  projectId = (await stores.db.prisma.apiKey.findUniqueOrThrow({ where: { publicKey: PK } })).projectId;
  app = await serveRoutes();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await closeStores();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("POST /api/public/scores", () => {
  it("stores one score and the trace answers with it", async () => {
    const traceId = hex(32, "a1");
    await ingestTrace(traceId, [hex(16, "b1")]);
    const res = await postScores({ traceId, name: "helpfulness", value: 0.8, comment: "good answer" });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result).toEqual({ accepted: 1, ids: [expect.stringMatching(/^[0-9a-f-]{36}$/)], errors: [] });

    expect(await traceScores(traceId)).toEqual([
      {
        id: result.ids[0],
        traceId,
        spanId: null,
        name: "helpfulness",
        dataType: "numeric",
        value: 0.8,
        comment: "good answer",
        source: "api",
        author: PK,
        timestamp: expect.stringMatching(/Z$/),
        createdAt: expect.stringMatching(/Z$/),
      },
    ]);
  });

  it("takes a batch of every data type, infers or checks dataType, and reports bad items while the valid ones land", async () => {
    const traceId = hex(32, "c2");
    const spanId = hex(16, "d2");
    await ingestTrace(traceId, [hex(16, "d1"), spanId]);
    const res = await postScores({
      scores: [
        { id: "num", traceId, name: "relevance", value: 3, dataType: "numeric", source: "eval", timestamp: "2026-11-20T10:00:00.250Z" },
        { id: "bool", traceId, spanId: spanId.toUpperCase(), name: "thumbs-up", value: false, source: "sdk", timestamp: Date.UTC(2026, 10, 20, 10, 0, 1) },
        { id: "cat", traceId, name: "topic", value: "billing", timestamp: "2026-11-20T11:00:02+01:00" },
        { traceId, name: "disagrees", value: "yes", dataType: "boolean" },
        { id: "one", traceId, name: "flag-as-number", value: 1, dataType: "boolean" },
        { traceId: "not-a-trace", name: "bad-trace", value: 1 },
        { traceId, name: "", value: 1 },
        { traceId, name: "no-value" },
        { traceId, name: "typo", value: 1, comments: "misspelt" },
        { traceId, name: "seconds", value: 1, timestamp: 1_795_000_000 },
        { traceId, name: "weird-source", value: 1, source: "ui" },
        "not an object",
      ],
    });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.accepted).toBe(4);
    expect(result.ids).toEqual(["num", "bool", "cat", "one"]);
    const errors = new Map<number, string>(result.errors.map((e: { index: number; message: string }) => [e.index, e.message]));
    expect([...errors.keys()]).toEqual([3, 5, 6, 7, 8, 9, 10, 11]);
    expect(errors.get(3)).toMatch(/dataType: "boolean" does not match the value \(a string is categorical\)/);
    expect(errors.get(5)).toMatch(/traceId: trace id must be 32 lowercase hex/);
    expect(errors.get(6)).toMatch(/name: must not be empty/);
    expect(errors.get(7)).toMatch(/value: must be a number, a boolean or a string/);
    expect(errors.get(8)).toMatch(/unknown field\(s\): comments/);
    expect(errors.get(9)).toMatch(/before 2000-01-01 \(epoch seconds\?/);
    expect(errors.get(10)).toMatch(/source: must be one of api, sdk, eval/);
    expect(errors.get(11)).toMatch(/must be a JSON object/);

    const stored = await traceScores(traceId);
    expect(stored.map((s) => [s.id, s.dataType, s.value, s.spanId, s.source, s.timestamp])).toEqual([
      ["num", "numeric", 3, null, "eval", "2026-11-20T10:00:00.250000Z"],
      ["bool", "boolean", false, spanId, "sdk", "2026-11-20T10:00:01.000000Z"],
      ["cat", "categorical", "billing", null, "api", "2026-11-20T10:00:02.000000Z"],
      ["one", "boolean", true, null, "api", expect.stringMatching(/Z$/)], // timestamped now
    ]);
  });

  it("refuses NaN and ±Infinity with a reason (numbers beyond Float64 parse as Infinity)", async () => {
    const traceId = hex(32, "e3");
    await ingestTrace(traceId, [hex(16, "f3")]);
    const raw = `{"scores":[{"traceId":"${traceId}","name":"huge","value":1e999},{"traceId":"${traceId}","name":"tiny","value":-1e999},{"traceId":"${traceId}","name":"ok","value":-0.5}]}`;
    const res = await postScores(null, { raw });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.accepted).toBe(1);
    expect(result.errors).toEqual([
      { index: 0, message: "value: must be a finite number (NaN and ±Infinity are refused)" },
      { index: 1, message: "value: must be a finite number (NaN and ±Infinity are refused)" },
    ]);
    // A bare NaN token is not JSON at all: the body is refused as a whole.
    const nan = await postScores(null, { raw: `{"traceId":"${traceId}","name":"nan","value":NaN}` });
    expect(nan.status).toBe(400);
    expect((await nan.json()).error).toMatch(/not valid JSON/);
    expect((await traceScores(traceId)).map((s) => s.name)).toEqual(["ok"]);
  });

  it("shows a retried score once, and a re-posted id as its latest version", async () => {
    const traceId = hex(32, "f4");
    await ingestTrace(traceId, [hex(16, "a4")]);
    const score = { id: "run-42:judge", traceId, name: "correct", value: true, source: "eval" };
    for (let i = 0; i < 2; i++) {
      const res = await postScores({ scores: [score] });
      expect(await res.json()).toEqual({ accepted: 1, ids: ["run-42:judge"], errors: [] });
    }
    expect((await traceScores(traceId)).map((s) => [s.id, s.value])).toEqual([["run-42:judge", true]]);

    await postScores({ ...score, value: false, comment: "re-judged" });
    const after = await traceScores(traceId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: "run-42:judge", value: false, comment: "re-judged" });
  });

  it("accepts Bearer auth and gzip bodies, and answers 401 with a reason otherwise", async () => {
    const traceId = hex(32, "b5");
    await ingestTrace(traceId, [hex(16, "c5")]);
    const gz = await postScores(null, {
      auth: `Bearer ${SK}`,
      raw: gzipSync(JSON.stringify({ traceId, name: "gz", value: 1 })),
      headers: { "content-encoding": "gzip" },
    });
    expect(gz.status).toBe(200);
    expect((await traceScores(traceId)).map((s) => s.name)).toEqual(["gz"]);

    for (const auth of ["", "Bearer sk-sl-unknown", basic(PK, "wrong"), "Token x"]) {
      const res = await postScores({ traceId, name: "x", value: 1 }, { auth });
      expect(res.status).toBe(401);
      expect((await res.json()).error.length).toBeGreaterThan(5);
    }
    expect((await traceScores(traceId)).map((s) => s.name)).toEqual(["gz"]);
  });

  it("keeps projects apart: another project's key neither sees the trace nor reaches its scores", async () => {
    const traceId = hex(32, "d6");
    await ingestTrace(traceId, [hex(16, "e6")]);
    await postScores({ traceId, name: "mine", value: 1 });

    const org = await stores.db.prisma.organization.findFirstOrThrow();
    const otherProject = await stores.db.prisma.project.create({ data: { id: randomUUID(), organizationId: org.id, name: "Other" } });
    const other = await createApiKey(stores.db.prisma, { projectId: otherProject.id, name: "other" });
    const otherAuth = basic(other.publicKey, other.secretKey);

    expect((await fetch(`${app.url}/api/public/traces/${traceId}`, { headers: { authorization: otherAuth } })).status).toBe(404);
    // A score the other project sends for that trace id is its own, never shown on ours.
    const res = await postScores({ traceId, name: "theirs", value: 0 }, { auth: otherAuth });
    expect((await res.json()).accepted).toBe(1);
    expect((await traceScores(traceId)).map((s) => s.name)).toEqual(["mine"]);
  });

  it("answers 400, 413 and 415 for bodies it cannot use", async () => {
    const traceId = hex(32, "f7");
    const cases: [ReturnType<typeof postScores>, number, RegExp][] = [
      [postScores(null, { raw: "{ not json" }), 400, /not valid JSON/],
      [postScores(null, { raw: "" }), 400, /not valid JSON/],
      [postScores(null, { raw: new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]) }), 400, /not valid JSON/],
      [postScores([{ traceId, name: "x", value: 1 }]), 400, /score object or \{ "scores"/],
      [postScores({ scores: { traceId } }), 400, /"scores" must be an array/],
      [postScores({ scores: Array.from({ length: 1001 }, () => ({ traceId, name: "x", value: 1 })) }), 400, /Too many scores: 1001 \(at most 1000/],
      [postScores(null, { raw: JSON.stringify({ traceId, name: "x", value: 1, comment: "c".repeat(9 * 1024 * 1024) }) }), 413, /larger than/],
      [postScores({ traceId, name: "x", value: 1 }, { contentType: "text/plain" }), 415, /application\/json/],
      [postScores(null, { raw: "traceId=x", contentType: "application/x-www-form-urlencoded" }), 415, /application\/json/],
    ];
    for (const [pending, status, message] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect((await res.json()).error).toMatch(message);
    }
  });

  it("takes an exactly full batch of 1000", async () => {
    const traceId = hex(32, "a8");
    await ingestTrace(traceId, [hex(16, "b8")]);
    const res = await postScores({ scores: Array.from({ length: 1000 }, (_, i) => ({ id: `s-${i}`, traceId, name: "bulk", value: i })) });
    expect((await res.json()).accepted).toBe(1000);
    expect(await traceScores(traceId)).toHaveLength(1000);
  });
});

describe("tRPC scores.byTrace", () => {
  it("gives members the trace's scores and refuses everyone else", async () => {
    const traceId = hex(32, "c9");
    await ingestTrace(traceId, [hex(16, "d9")]);
    await postScores({ traceId, spanId: hex(16, "d9"), name: "flag", value: "hallucination", comment: "<script>alert(1)</script>" });

    const prisma = stores.db.prisma;
    const callerFor = async (role: "viewer" | null) => {
      const user = await prisma.user.create({ data: { id: randomUUID(), email: `${randomUUID()}@scores.test`, passwordHash: "not-used-here" } });
      if (role) await prisma.membership.create({ data: { userId: user.id, projectId, role } });
      const { token } = await createSession(prisma, user.id);
      return createCaller(await createTRPCContext({ headers: new Headers({ cookie: `${SESSION_COOKIE}=${token}` }) }));
    };
    const viewer = await callerFor("viewer");
    expect(await viewer.scores.byTrace({ projectId, traceId })).toMatchObject([
      { spanId: hex(16, "d9"), name: "flag", dataType: "categorical", value: "hallucination", comment: "<script>alert(1)</script>" },
    ]);
    await expect((await callerFor(null)).scores.byTrace({ projectId, traceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createCaller(await createTRPCContext({ headers: new Headers() })).scores.byTrace({ projectId, traceId })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
