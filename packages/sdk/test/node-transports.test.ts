import http from "node:http";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Sightline, type SightlineExportError, type SightlineOptions } from "../src/node.js";
import { CaptureServer } from "./capture-server.js";
import { PUBLIC_KEY, SECRET_KEY } from "./helpers.js";

/*
 * The Node entry's transports against a real HTTP server: requests made from a worker
 * thread (the default, `sendInWorker`) and from the app's thread. Batching, retries,
 * timeouts and counting are the exporter's on the app's thread either way; these check
 * that both transports carry them through.
 */
let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

describe.each([
  ["a worker thread", true],
  ["the app's thread", false],
] as const)("requests from %s", (_where, sendInWorker) => {
  const client = (options: SightlineOptions = {}) =>
    new Sightline({ baseUrl: server.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, flushIntervalMs: 3_600_000, retryBaseDelayMs: 1, sendInWorker, ...options });

  it("sends protobuf batches with the headers, and the app's thread makes no HTTP request exactly when a worker does", async () => {
    const onAppThread = vi.spyOn(http, "request");
    const sightline = client({ flushAt: 3 });
    for (let i = 0; i < 7; i++) sightline.generation(`g${i}`, (g) => void g.update({ output: { text: "é😀".repeat(100 * i) } }), { input: [{ role: "user", content: `q${i}` }] });
    await sightline.flush();
    expect(server.spans().map((s) => s.name)).toEqual(["g0", "g1", "g2", "g3", "g4", "g5", "g6"]);
    expect(server.requests.map((r) => r.headers["content-type"])).toEqual(Array(3).fill("application/x-protobuf"));
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`);
    expect(sightline.stats()).toMatchObject({ sent: 7, dropped: 0, failed: 0, retried: 0 });
    expect(onAppThread.mock.calls.length > 0).toBe(!sendInWorker);
    await sightline.shutdown();
  });

  it("retries a 503 honouring Retry-After, resending the same body, then succeeds", async () => {
    server.respondWith({ status: 503, headers: { "retry-after": "0" }, body: JSON.stringify({ message: "busy" }) });
    const sightline = client();
    sightline.span("a", () => {});
    sightline.span("b", () => {});
    await sightline.flush();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body.equals(server.requests[0]!.body)).toBe(true);
    expect(sightline.stats()).toMatchObject({ sent: 2, failed: 0, retried: 1 });
    await sightline.shutdown();
  });

  it("reads the server's reason for a refusal, and does not retry it", async () => {
    server.respondWith({ status: 401, body: JSON.stringify({ code: 16, message: "unknown key" }) });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: SightlineExportError[] = [];
    const sightline = client({ onError: (e) => errors.push(e) });
    sightline.span("a", () => {});
    await sightline.flush();
    expect(server.requests).toHaveLength(1);
    expect(sightline.stats()).toMatchObject({ sent: 0, failed: 1, retried: 0 });
    expect(errors[0]!.status).toBe(401);
    expect(errors[0]!.message).toContain("unknown key");
    await sightline.shutdown();
  });

  it("gives up on a request that never answers after timeoutMs, and the next request still goes through", async () => {
    server.respondWith({ status: 200, hang: true });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: SightlineExportError[] = [];
    const sightline = client({ timeoutMs: 100, maxRetries: 0, onError: (e) => errors.push(e) });
    sightline.span("slow", () => {});
    await sightline.flush();
    expect(sightline.stats().failed).toBe(1);
    expect(errors[0]!.message).toContain("timed out after 100 ms");
    sightline.span("next", () => {});
    await sightline.flush();
    expect(sightline.stats()).toMatchObject({ sent: 1, failed: 1 });
    expect(server.spans().map((s) => s.name)).toContain("next");
    await sightline.shutdown();
  });

  it("counts an unreachable server as network failures after retries, never throwing", async () => {
    const unreachable = await CaptureServer.start();
    const url = unreachable.url;
    await unreachable.close();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: SightlineExportError[] = [];
    const sightline = new Sightline({ baseUrl: url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, maxRetries: 2, retryBaseDelayMs: 1, sendInWorker, onError: (e) => errors.push(e) });
    expect(await sightline.trace("root", async () => 42)).toBe(42);
    await sightline.shutdown();
    expect(sightline.stats()).toMatchObject({ sent: 0, failed: 1, retried: 2 });
    expect(errors[0]!.message).toMatch(/could not reach .*ECONNREFUSED.* \(gave up on 1 span\(s\) after 3 attempts\)/);
  });

  it("sends scores and JSON-format spans too (string bodies)", async () => {
    const sightline = client({ format: "json" });
    const traceId = sightline.trace("scored", (t) => t.traceId);
    sightline.score({ traceId, name: "helpful", value: 1 });
    await sightline.flush();
    expect(server.spans().map((s) => s.name)).toEqual(["scored"]);
    expect(server.scores()).toHaveLength(1);
    expect(sightline.stats()).toMatchObject({ sent: 1, scores: { sent: 1 } });
    await sightline.shutdown();
  });
});

describe("the default transport", () => {
  it("is the worker's, except in serverless mode (flushOnEnd), which sends from the app's thread", async () => {
    const onAppThread = vi.spyOn(http, "request");
    const base = { baseUrl: server.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY };
    const regular = new Sightline(base);
    regular.span("regular", () => {});
    await regular.shutdown();
    expect(onAppThread).not.toHaveBeenCalled();
    const serverless = new Sightline({ ...base, flushOnEnd: true });
    await serverless.trace("serverless", async () => {});
    expect(onAppThread).toHaveBeenCalledTimes(1);
    await serverless.shutdown();
    expect(server.spans().map((s) => s.name)).toEqual(["regular", "serverless"]);
  });
});
