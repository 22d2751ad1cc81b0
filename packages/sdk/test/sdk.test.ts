import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeTraceRequest, mapTraceRequest } from "@sightline/core";
import { Sightline } from "../src/index";
import { attr, startCaptureServer } from "./capture-server";

type Server = Awaited<ReturnType<typeof startCaptureServer>>;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

const client = (s: Server, extra: ConstructorParameters<typeof Sightline>[0] = {}) =>
  new Sightline({ baseUrl: s.baseUrl, publicKey: "pk-sl-test", secretKey: "sk-sl-test", ...extra });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("spans and context", () => {
  it("nests spans across await, Promise.all and timers, with trace attributes on every span", async () => {
    server = await startCaptureServer();
    const sl = client(server);
    const result = await sl.trace(
      "root",
      async () => {
        await tick(1);
        await Promise.all(["a", "b"].map((n) => sl.span(n, async () => tick(2))));
        await new Promise<void>((resolve) =>
          setTimeout(() => {
            void sl.span("in-timer", () => undefined);
            resolve();
          }, 1),
        );
        await sl.generation("gen", async (g) => {
          sl.updateTrace({ userId: "late-user" });
          g.update({ output: "ok", usage: { input: 3, output: 2 } });
        }, { model: "gpt-4o-mini", input: [{ role: "user", content: "hi" }] });
        return 42;
      },
      { sessionId: "s-1", tags: ["beta"] },
    );
    expect(result).toBe(42);
    await sl.shutdown();
    const spans = server.spans();
    expect(spans.map((s) => s.name).sort()).toEqual(["a", "b", "gen", "in-timer", "root"]);
    const root = spans.find((s) => s.name === "root")!;
    expect(root.parentSpanId).toBeUndefined();
    for (const s of spans) {
      expect(s.traceId).toBe(root.traceId);
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      if (s !== root) expect(s.parentSpanId).toBe(root.spanId);
      expect(attr(s, "sightline.trace.session_id")).toBe("s-1");
      expect(attr(s, "sightline.trace.user_id")).toBe("late-user");
      expect(attr(s, "sightline.trace.tags")).toEqual(["beta"]);
      expect(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano)).toBe(true);
    }
  });

  it("records a thrown error as the span status and rethrows it", async () => {
    server = await startCaptureServer();
    const sl = client(server);
    await expect(sl.trace("boom", async () => sl.span("inner", async () => {
      throw new TypeError("bad thing");
    }))).rejects.toThrow("bad thing");
    expect(() => sl.span("sync", () => {
      throw new Error("sync failure");
    })).toThrow("sync failure");
    await sl.flush();
    const byName = Object.fromEntries(server.spans().map((s) => [s.name, s]));
    expect(byName.inner!.status).toEqual({ code: 2, message: "TypeError: bad thing" });
    expect(byName.boom!.status.code).toBe(2);
    expect(byName.sync!.status.code).toBe(2);
  });

  it("manual spans with explicit parents", async () => {
    server = await startCaptureServer();
    const sl = client(server);
    const parent = sl.startSpan("manual-root", { kind: "agent" });
    const child = sl.startSpan("manual-child", { parent, kind: "tool", input: { q: 1 } });
    child.setOutput({ a: 2 }).end();
    child.end(); // twice is a no-op
    parent.end();
    await sl.flush();
    const spans = server.spans();
    expect(spans).toHaveLength(2);
    const c = spans.find((s) => s.name === "manual-child")!;
    expect(c.parentSpanId).toBe(parent.spanId);
    expect(attr(c, "sightline.span.kind")).toBe("tool");
    expect(attr(c, "sightline.output")).toBe('{"a":2}');
  });
});

describe("what the server reads", () => {
  it("an SDK body maps through the server's decoder to the expected canonical spans", async () => {
    server = await startCaptureServer();
    const sl = client(server, { release: "r-1", environment: "test" });
    const circular: Record<string, unknown> = { big: 10n };
    circular.self = circular;
    await sl.trace("qa", async () => {
      await sl.retrieval("search", async (r) => r.setDocuments([{ id: "d1", content: "text", score: 0.9, metadata: { src: "kb" } }]), { query: "where?" });
      await sl.generation("answer", async (g) => g.update({ output: "there", usage: { input: 10, output: 5, cacheRead: 2 }, cost: 0.0012 }), {
        model: "gpt-4o-mini",
        provider: "openai",
        input: [{ role: "system", content: "be brief" }, { role: "user", content: "where?" }],
        modelParameters: { temperature: 0.1 },
        metadata: circular,
      });
    }, { userId: "u-9" });
    await sl.shutdown();
    const body = new TextEncoder().encode(server.requests[0]!.body);
    const mapped = mapTraceRequest(decodeTraceRequest(body, "json"), { projectId: "p" });
    expect(mapped.rejected.count).toBe(0);
    const byName = Object.fromEntries(mapped.spans.map((s) => [s.name, s]));
    expect(byName.answer).toMatchObject({
      kind: "generation",
      model: "gpt-4o-mini",
      provider: "openai",
      usage: { input: 10, output: 5, total: 15, cacheRead: 2 },
      cost: 0.0012,
      modelParameters: { temperature: 0.1 },
      userId: "u-9",
      release: "r-1",
      environment: "test",
      input: [{ role: "system", content: "be brief" }, { role: "user", content: "where?" }],
    });
    expect(byName.search).toMatchObject({ kind: "retrieval", input: "where?", documents: [{ id: "d1", content: "text", score: 0.9, metadata: { src: "kb" } }] });
    expect(byName.qa!.parentSpanId).toBe("");
  });
});

describe("delivery", () => {
  it("sends Basic auth to the OTLP path with JSON", async () => {
    server = await startCaptureServer();
    const sl = client(server);
    sl.span("one", () => undefined);
    await sl.flush();
    const req = server.requests[0]!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from("pk-sl-test:sk-sl-test").toString("base64")}`);
    expect(req.headers["content-type"]).toBe("application/json");
  });

  it("batches by count", async () => {
    server = await startCaptureServer();
    const sl = client(server, { flushAt: 10, flushIntervalMs: 60_000 });
    for (let i = 0; i < 25; i++) sl.span(`s${i}`, () => undefined);
    await sl.flush();
    expect(server.requests.map((r) => JSON.parse(r.body).resourceSpans[0].scopeSpans[0].spans.length)).toEqual([10, 10, 5]);
    expect(sl.stats()).toMatchObject({ sent: 25, failed: 0, queued: 0 });
  });

  it("batches by bytes", async () => {
    server = await startCaptureServer();
    const sl = client(server, { flushBytes: 20_000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 6; i++) sl.span(`big${i}`, (s) => s.setOutput("x".repeat(8_000)));
    await sl.flush();
    expect(server.requests.length).toBeGreaterThanOrEqual(3);
    for (const r of server.requests) expect(r.body.length).toBeLessThan(40_000);
    expect(server.spans()).toHaveLength(6);
  });

  it("sends on the interval without flush()", async () => {
    server = await startCaptureServer();
    const sl = client(server, { flushIntervalMs: 50 });
    sl.span("timed", () => undefined);
    await vi.waitFor(() => expect(server!.requests).toHaveLength(1), { timeout: 5000 });
    await sl.shutdown();
  });

  it("retries a 503 and then succeeds", async () => {
    server = await startCaptureServer([503, 503]);
    const sl = client(server);
    sl.span("retried", () => undefined);
    await sl.flush();
    expect(server.requests).toHaveLength(3);
    expect(sl.stats()).toMatchObject({ sent: 1, retried: 2, failed: 0 });
  });

  it("does not retry a 400 and warns once", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    server = await startCaptureServer([400, 400]);
    const errors: Error[] = [];
    const sl = client(server, { onError: (e) => errors.push(e) });
    sl.span("bad-1", () => undefined);
    await sl.flush();
    sl.span("bad-2", () => undefined);
    await sl.flush();
    expect(server.requests).toHaveLength(2);
    expect(sl.stats()).toMatchObject({ sent: 0, failed: 2, retried: 0 });
    expect(errors[0]!.message).toContain("400");
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("an unreachable server never throws into the app", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const sl = new Sightline({ baseUrl: "http://127.0.0.1:1", publicKey: "pk", secretKey: "sk", maxRetries: 1, onError: () => {
      throw new Error("a throwing onError is contained too");
    } });
    const value = await sl.trace("offline", async () => "still works");
    expect(value).toBe("still works");
    await expect(sl.shutdown()).resolves.toBeUndefined();
    expect(sl.stats()).toMatchObject({ sent: 0, failed: 1, retried: 1 });
  });

  it("drops the oldest spans beyond the queue bound, counted", async () => {
    server = await startCaptureServer();
    const sl = client(server, { maxQueueSpans: 5, flushAt: 1000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 8; i++) sl.span(`q${i}`, () => undefined);
    await sl.flush();
    expect(server.spans().map((s) => s.name)).toEqual(["q3", "q4", "q5", "q6", "q7"]);
    expect(sl.stats()).toMatchObject({ dropped: 3, sent: 5 });
  });

  it("without keys it runs the code and sends nothing", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const sl = new Sightline({ baseUrl: "", publicKey: "", secretKey: "" });
    expect(await sl.trace("noop", async () => 7)).toBe(7);
    await sl.shutdown();
    expect(sl.stats().sent).toBe(0);
  });
});

it("has no runtime dependencies", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  expect(pkg.dependencies ?? {}).toEqual({});
});
