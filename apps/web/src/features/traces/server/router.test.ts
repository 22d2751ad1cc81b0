import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest, type SpanInput } from "@sightline/core";
import { insertNdjsonFile, spanToRow } from "@sightline/clickhouse";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, SESSION_COOKIE } from "@/features/auth/server/sessions";
import { closeStores, getStores, type Stores } from "@/server/stores";
import { createCallerFactory, createTRPCContext, router } from "@/server/trpc";
import { tracesRouter } from "./router";

// The traces router on the real stack: embedded ClickHouse and Postgres in a temp folder,
// a real session cookie, spans written through the same mapping and insert path as ingest.

// Mounted as the app router mounts it, without depending on the other features' routers.
const createCaller = createCallerFactory(router({ traces: tracesRouter }));
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const NOW_MS = Date.now();
const ns = (offsetMs: number) => BigInt(NOW_MS + offsetMs) * 1_000_000n;

let dataDir: string;
let stores: Stores;
let ownProjectId: string;
let otherProjectId: string;
let token: string;
const ragTrace = { traceId: hex(16), rootId: hex(8), childId: hex(8), orphanId: hex(8) };
const failingTrace = { traceId: hex(16), rootId: hex(8) };
const foreignTraceId = hex(16);

function ragSpans(): SpanInput[] {
  const { traceId, rootId, childId, orphanId } = ragTrace;
  return [
    {
      traceId, spanId: rootId, name: "answer-question", kind: 1, startTimeUnixNano: ns(-60_000), endTimeUnixNano: ns(-59_000),
      attributes: { "user.id": "alice", "session.id": "s-1", "openinference.span.kind": "CHAIN" }, status: { code: 1 },
    },
    {
      traceId, spanId: childId, parentSpanId: rootId, name: "chat", kind: 3, startTimeUnixNano: ns(-59_900), endTimeUnixNano: ns(-59_100),
      attributes: {
        "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 12, "gen_ai.usage.output_tokens": 3,
        "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Hi" }] }]),
      },
    },
    // Its parent never arrived: the trace must still contain it.
    { traceId, spanId: orphanId, parentSpanId: hex(8), name: "late-callback", kind: 1, startTimeUnixNano: ns(-59_500), endTimeUnixNano: ns(-59_400) },
  ];
}

async function insertSpans(projectId: string, spans: SpanInput[]): Promise<void> {
  const request = { resourceSpans: [{ resource: { attributes: { "service.name": "router-test" } }, scopeSpans: [{ spans }] }] };
  const mapped = mapTraceRequest(decodeTraceRequest(encodeTraceRequest(request, "json").body, "json"), { projectId });
  expect(mapped.rejected.count).toBe(0);
  const file = join(dataDir, `${randomUUID()}.ndjson`);
  writeFileSync(file, mapped.spans.map((span) => JSON.stringify(spanToRow(span))).join("\n") + "\n");
  await insertNdjsonFile(stores.clickhouse, file);
  rmSync(file);
}

async function callerWith(cookie: string | null) {
  const headers = new Headers(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {});
  return createCaller(await createTRPCContext({ headers }));
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sl-"));
  process.env.SIGHTLINE_DATA_DIR = dataDir;
  stores = await getStores();
  const prisma = stores.db.prisma;
  const organization = await prisma.organization.create({ data: { id: randomUUID(), name: "Router test org" } });
  ownProjectId = randomUUID();
  otherProjectId = randomUUID();
  await prisma.project.create({ data: { id: ownProjectId, organizationId: organization.id, name: "Mine" } });
  await prisma.project.create({ data: { id: otherProjectId, organizationId: organization.id, name: "Not mine" } });
  const user = await prisma.user.create({
    data: { id: randomUUID(), email: `viewer-${randomUUID()}@test.invalid`, passwordHash: "not-used-here" },
  });
  await prisma.membership.create({ data: { userId: user.id, projectId: ownProjectId, role: "viewer" } });
  token = (await createSession(prisma, user.id)).token;

  await insertSpans(ownProjectId, ragSpans());
  await insertSpans(ownProjectId, [
    {
      traceId: failingTrace.traceId, spanId: failingTrace.rootId, name: "classify", kind: 1,
      startTimeUnixNano: ns(-30_000), endTimeUnixNano: ns(-29_000),
      attributes: { "user.id": "bob", "langfuse.release": "2025.01" }, status: { code: 2, message: "rate limited" },
    },
  ]);
  await insertSpans(otherProjectId, [
    { traceId: foreignTraceId, spanId: hex(8), name: "secret", kind: 1, startTimeUnixNano: ns(-10_000), endTimeUnixNano: ns(-9_000) },
  ]);
}, 180_000);

afterAll(async () => {
  await closeStores();
  delete process.env.SIGHTLINE_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

describe("traces.list", () => {
  it("lists the project's traces newest first, and nothing of other projects", async () => {
    const caller = await callerWith(token);
    const page = await caller.traces.list({ projectId: ownProjectId, from: new Date(NOW_MS - 3_600_000).toISOString() });
    expect(page.data.map((t) => t.traceId)).toEqual([failingTrace.traceId, ragTrace.traceId]);
    expect(page.data[1]).toMatchObject({ name: "answer-question", spanCount: 3, errorCount: 0, userId: "alice" });
    expect(page.data[0]).toMatchObject({ errorCount: 1, userId: "bob" });
  });

  it("filters by user and by status", async () => {
    const caller = await callerWith(token);
    const byUser = await caller.traces.list({ projectId: ownProjectId, userId: "alice" });
    expect(byUser.data.map((t) => t.traceId)).toEqual([ragTrace.traceId]);
    const errors = await caller.traces.list({ projectId: ownProjectId, status: "error" });
    expect(errors.data.map((t) => t.traceId)).toEqual([failingTrace.traceId]);
  });

  it("pages with the cursor it returns", async () => {
    const caller = await callerWith(token);
    const first = await caller.traces.list({ projectId: ownProjectId, limit: 1 });
    expect(first.data.map((t) => t.traceId)).toEqual([failingTrace.traceId]);
    expect(first.nextCursor).not.toBeNull();
    const second = await caller.traces.list({ projectId: ownProjectId, limit: 1, cursor: first.nextCursor! });
    expect(second.data.map((t) => t.traceId)).toEqual([ragTrace.traceId]);
  });

  it("rejects a project the user is not a member of, and callers without a session", async () => {
    expect(await codeOf((await callerWith(token)).traces.list({ projectId: otherProjectId }))).toBe("NOT_FOUND");
    expect(await codeOf((await callerWith(null)).traces.list({ projectId: ownProjectId }))).toBe("UNAUTHORIZED");
  });

  it("rejects a cursor it did not produce", async () => {
    const caller = await callerWith(token);
    expect(await codeOf(caller.traces.list({ projectId: ownProjectId, cursor: "bm90LWEtY3Vyc29y" }))).toBe("BAD_REQUEST");
  });

  it("rejects an inverted time range with a reason", async () => {
    const caller = await callerWith(token);
    const from = new Date(NOW_MS).toISOString();
    const to = new Date(NOW_MS - 60_000).toISOString();
    expect(await codeOf(caller.traces.list({ projectId: ownProjectId, from, to }))).toBe("BAD_REQUEST");
  });
});

describe("traces.byId", () => {
  it("returns the whole trace with every span, orphans included", async () => {
    const caller = await callerWith(token);
    const trace = await caller.traces.byId({ projectId: ownProjectId, traceId: ragTrace.traceId });
    expect(trace.spans.map((s) => s.spanId).sort()).toEqual([ragTrace.rootId, ragTrace.childId, ragTrace.orphanId].sort());
    const chat = trace.spans.find((s) => s.spanId === ragTrace.childId);
    expect(chat).toMatchObject({ kind: "generation", model: "gpt-4o-mini", parentSpanId: ragTrace.rootId });
    expect(chat?.input).toEqual([{ role: "user", content: "Hi" }]);
  });

  it("answers NOT_FOUND for another project's trace, even by a valid id", async () => {
    const caller = await callerWith(token);
    expect(await codeOf(caller.traces.byId({ projectId: ownProjectId, traceId: foreignTraceId }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.traces.byId({ projectId: otherProjectId, traceId: foreignTraceId }))).toBe("NOT_FOUND");
    expect(await codeOf(caller.traces.byId({ projectId: ownProjectId, traceId: hex(16) }))).toBe("NOT_FOUND");
  });

  it("rejects a malformed trace id", async () => {
    const caller = await callerWith(token);
    expect(await codeOf(caller.traces.byId({ projectId: ownProjectId, traceId: "not-a-trace-id" }))).toBe("BAD_REQUEST");
  });
});
