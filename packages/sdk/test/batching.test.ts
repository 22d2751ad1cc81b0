import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

const spanCounts = () => server.requests.map((r) => r.json.resourceSpans[0]!.scopeSpans[0]!.spans.length);

describe("batching", () => {
  it("sends a batch as soon as flushAt spans are queued", async () => {
    const sightline = clientFor(server, { flushAt: 3 });
    for (let i = 0; i < 7; i++) sightline.span(`s${i}`, () => {});
    await server.waitForRequests(2); // no flush() and no interval: the count alone triggers
    expect(spanCounts()).toEqual([3, 3]);
    await sightline.flush();
    expect(spanCounts()).toEqual([3, 3, 1]);
    expect(server.spans().map((s) => s.name)).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
  });

  it("sends a batch once the queued spans reach flushBytes, splitting below it", async () => {
    const sightline = clientFor(server, { flushAt: 1000, flushBytes: 3000 });
    const bulky = "x".repeat(900);
    for (let i = 0; i < 3; i++) sightline.span(`big${i}`, () => {}, { input: bulky });
    await server.waitForRequests(1); // the byte threshold alone triggers
    expect(spanCounts()[0]).toBe(2);
    await sightline.flush();
    expect(spanCounts()).toEqual([2, 1]);
  });

  it("sends what is queued after flushIntervalMs without any flush()", async () => {
    const sightline = clientFor(server, { flushIntervalMs: 20 });
    sightline.span("lonely", () => {});
    const [request] = await server.waitForRequests(1);
    expect(request!.json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name).toBe("lonely");
    await sightline.shutdown();
  });

  it("flush() resolves only after every span ended before it was sent", async () => {
    const sightline = clientFor(server, { flushAt: 2, maxConcurrentRequests: 1 });
    for (let i = 0; i < 9; i++) sightline.span(`s${i}`, () => {});
    await sightline.flush();
    expect(server.spans()).toHaveLength(9);
    expect(sightline.stats()).toMatchObject({ sent: 9, dropped: 0, failed: 0, retried: 0 });
    await sightline.flush(); // nothing queued: resolves at once
  });

  it("shutdown() flushes, and spans ended afterwards are dropped and counted", async () => {
    const sightline = clientFor(server);
    await sightline.trace("before", async () => {});
    await sightline.shutdown();
    expect(server.spans().map((s) => s.name)).toEqual(["before"]);
    sightline.span("after", () => {});
    await sightline.flush();
    expect(server.spans()).toHaveLength(1);
    expect(sightline.stats()).toMatchObject({ sent: 1, dropped: 1, failed: 0, retried: 0 });
  });

  it("bounds the queue: the oldest spans are dropped and counted", async () => {
    const sightline = clientFor(server, { maxQueueSpans: 3 });
    for (let i = 0; i < 5; i++) sightline.span(`s${i}`, () => {});
    expect(sightline.stats().dropped).toBe(2);
    await sightline.flush();
    expect(server.spans().map((s) => s.name)).toEqual(["s2", "s3", "s4"]);
    expect(sightline.stats()).toMatchObject({ sent: 3, dropped: 2, failed: 0, retried: 0 });
  });

  it("bounds the queue by bytes too, dropping the oldest first", async () => {
    const sightline = clientFor(server, { maxQueueBytes: 20_000, flushBytes: 1_000_000 });
    for (let i = 0; i < 10; i++) sightline.span(`big${i}`, (s) => void s.setOutput("z".repeat(5_000)));
    const dropped = sightline.stats().dropped;
    expect(dropped).toBeGreaterThanOrEqual(6); // at most ~3 spans of ~5 KB fit in 20 KB
    await sightline.flush();
    const names = server.spans().map((s) => s.name);
    expect(names).toEqual(Array.from({ length: 10 - dropped }, (_, i) => `big${i + dropped}`));
  });

  it("delivers spans in the order they ended, across batches and concurrent requests", async () => {
    const sightline = clientFor(server, { flushAt: 3, maxConcurrentRequests: 1 });
    const names = Array.from({ length: 20 }, (_, i) => `s${i}`);
    for (const name of names) sightline.span(name, () => {});
    await sightline.flush();
    expect(server.spans().map((s) => s.name)).toEqual(names);
    expect(server.requests.length).toBe(7);
  });

  it("sends nothing when disabled, but still runs the callbacks", async () => {
    const sightline = clientFor(server, { enabled: false });
    const value = await sightline.trace("off", async (t) => t.traceId);
    await sightline.flush();
    expect(value).toMatch(/^[0-9a-f]{32}$/);
    expect(server.requests).toHaveLength(0);
  });
});
