import { scoreInputSchema } from "@sightline/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { SightlineExportError } from "../src/index.js";
import { CaptureServer } from "./capture-server.js";
import { clientFor, PUBLIC_KEY, SECRET_KEY } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

describe("scores", () => {
  it("posts batched scores to /api/public/scores with the ingest auth, source sdk and inferred data types", async () => {
    const sightline = clientFor(server);
    const traceId = await sightline.trace("answer", async (t) => {
      sightline.score({ traceId: t.traceId, spanId: t.spanId, name: "helpfulness", value: 0.8, comment: "good" });
      return t.traceId;
    });
    const id = sightline.score({ traceId, name: "thumbs-up", value: true, timestamp: 1_700_000_000_000 });
    sightline.score({ id: "my-key", traceId, name: "topic", value: "billing", timestamp: "2026-01-02T03:04:05Z" });
    await sightline.flush();

    const requests = server.requests.filter((r) => r.path === "/api/public/scores");
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`);
    expect(requests[0]!.headers["content-type"]).toBe("application/json");
    const [helpfulness, thumbs, topic] = server.scores();
    expect(helpfulness).toMatchObject({ traceId, name: "helpfulness", value: 0.8, dataType: "numeric", comment: "good", source: "sdk" });
    expect(helpfulness!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(thumbs).toEqual({ id, traceId, name: "thumbs-up", value: true, dataType: "boolean", source: "sdk", timestamp: "2023-11-14T22:13:20.000Z" });
    expect(topic).toMatchObject({ id: "my-key", value: "billing", dataType: "categorical", timestamp: "2026-01-02T03:04:05.000Z" });
    expect(sightline.stats().scores).toEqual({ sent: 3, dropped: 0, failed: 0, retried: 0 });
    // The scores API validates with this schema: every score we send must pass it unchanged in meaning.
    for (const score of server.scores()) {
      const parsed = scoreInputSchema.safeParse(score);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(parsed.data).toMatchObject({ name: score.name, value: score.value, dataType: score.dataType, source: "sdk" });
    }
  });

  it("retries a 503 and counts scores the server refused", async () => {
    server.respondWith(
      { status: 503, headers: { "retry-after": "0" } },
      { status: 200, body: JSON.stringify({ accepted: 1, ids: ["a"], errors: [{ index: 1, message: "trace not found" }] }) },
    );
    const errors: SightlineExportError[] = [];
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const sightline = clientFor(server, { onError: (e) => errors.push(e) });
    sightline.score({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", name: "a", value: 1 });
    sightline.score({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", name: "b", value: 2 });
    await sightline.flush();
    expect(sightline.stats().scores).toEqual({ sent: 1, dropped: 0, failed: 1, retried: 1 });
    expect(errors.map((e) => e.message)).toEqual(["server rejected 1 score(s): #1: trace not found"]);
  });

  it("refuses invalid scores with a reason, without throwing or sending", async () => {
    const errors: SightlineExportError[] = [];
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const sightline = clientFor(server, { onError: (e) => errors.push(e) });
    expect(sightline.score({ traceId: "", name: "x", value: 1 })).toBeUndefined();
    expect(sightline.score({ traceId: "t", name: "x", value: Number.NaN })).toBeUndefined();
    expect(sightline.score({ traceId: "t", name: "x", value: "yes", dataType: "numeric" })).toBeUndefined();
    expect(sightline.score({ traceId: "t", spanId: "nope", name: "x", value: 1 })).toBeUndefined();
    expect(sightline.score(undefined as never)).toBeUndefined();
    await sightline.flush();
    expect(server.requests).toHaveLength(0);
    expect(errors.map((e) => e.message)).toEqual([
      "invalid score, not sent: score needs a traceId",
      'invalid score, not sent: score "x": a numeric value must be a finite number',
      'invalid score, not sent: score "x": a numeric value must be a finite number',
      'invalid score, not sent: score spanId must be 16 lowercase hex characters, got "nope"',
      "invalid score, not sent: score needs an object { traceId, name, value }",
    ]);
  });
});
