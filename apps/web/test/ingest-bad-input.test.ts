import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTraceRequest } from "@sightline/core";
import type { BadInputCase, StoredSpan } from "./bad-input/case";
import { freshIds, goodSpan, request } from "./bad-input/case";
import { startIngestEnvironment, type IngestEnvironment } from "./bad-input/environment";
import { exportAnswer, send, statusAnswer } from "./bad-input/http";
import { malformedJsonCases, jsonSpanCases } from "./bad-input/json-cases";
import { addKey, createProjectWithKey, planKey, revokedKey, type ProjectKey } from "./bad-input/projects";
import { malformedProtobufCases, protobufSpanCases } from "./bad-input/protobuf-cases";
import { sizeCases } from "./bad-input/size-cases";
import { authCases, signalCases, transportCases } from "./bad-input/transport-cases";

// The bad-input corpus, over HTTP, against one app server on real embedded engines. Every
// case checks: the right status and a reason, no 5xx, the server still answers, exactly the
// expected spans of its trace stored (valid spans of the batch land, rejected ones do not,
// a failed request stores nothing). At the end, a neighbour project sees only its own trace.
const CAP = 16 * 1024 * 1024;
let env: IngestEnvironment;
let otherTraceId: string;
// Keys are planned before the cases are built, and stored once the server is up.
const keys = { a: planKey(), b: planKey(), revoked: planKey() };
let other: ProjectKey;

beforeAll(async () => {
  env = await startIngestEnvironment({ maxBodyBytes: CAP });
  await addKey(env.prisma, env.key.projectId, keys.a);
  other = await createProjectWithKey(env.prisma, "Bad-input neighbour", keys.b);
  await revokedKey(env.prisma, env.key.projectId, keys.revoked);
  // The neighbour project's own trace: the only one it may ever see.
  const ids = freshIds();
  otherTraceId = ids.traceId;
  const res = await send(env.server.url, "/v1/traces", {
    body: encodeTraceRequest(request([goodSpan(ids.traceId, ids.spanId(), "neighbour")]), "json").body,
    headers: { "content-type": "application/json", authorization: keys.b.basic },
  });
  expect(res.status).toBe(200);
}, 120_000);
afterAll(async () => {
  await env?.stop();
});

const corpus: BadInputCase[] = [
  ...malformedProtobufCases(),
  ...protobufSpanCases(),
  ...malformedJsonCases(),
  ...jsonSpanCases(),
  ...sizeCases(),
  ...transportCases(CAP),
  ...authCases(keys),
  ...signalCases(),
];

describe("the corpus", () => {
  it("has at least 200 cases", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
  });
});

describe.each(groupNames())("%s", (group) => {
  it.each(corpus.filter((c) => c.group === group).map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const headers: Record<string, string> = { ...c.headers };
    const auth = c.auth === undefined ? keys.a.basic : c.auth;
    if (auth !== null) headers.authorization = auth;
    const res = await send(env.server.url, c.path ?? "/v1/traces", { body: c.body, headers, chunked: c.chunked });

    expect(res.status, res.body.toString("utf8").slice(0, 300)).toBeLessThan(500);
    expect(res.status, res.body.toString("utf8").slice(0, 300)).toBe(c.status);
    if (c.status === 200) {
      const answer = exportAnswer(res);
      if (c.reason) {
        expect(answer.partialSuccess?.rejected).toBe(c.rejected ?? 0);
        expect(answer.partialSuccess?.errorMessage).toMatch(c.reason);
      } else {
        expect(answer).toEqual({});
      }
    } else {
      expect(statusAnswer(res).message).toMatch(c.reason!);
    }

    // The server still answers, and the trace holds exactly what it should.
    expect((await send(env.server.url, "/api/health")).status).toBe(200);
    if (c.trace) {
      const read = await env.query(`/api/public/traces/${c.trace.traceId}`);
      if (c.trace.stored.length === 0) {
        expect(read.status).toBe(404);
      } else {
        expect(read.status).toBe(200);
        const spans = read.json.spans as StoredSpan[];
        expect(spans.map((s) => s.spanId).sort()).toEqual([...c.trace.stored].sort());
        c.check?.(spans.find((s) => s.spanId === c.trace!.stored[0])!);
      }
    }
  });
});

describe("after the corpus", () => {
  it("the neighbour project sees only its own trace, and no handler threw", async () => {
    const listed = await env.query("/api/public/traces?limit=500", other);
    expect(listed.status).toBe(200);
    expect(listed.json.data.map((t: { traceId: string }) => t.traceId)).toEqual([otherTraceId]);
    expect(env.server.escaped).toEqual([]);
  });
});

function groupNames(): string[] {
  return [...new Set(corpus.map((c) => c.group))];
}
