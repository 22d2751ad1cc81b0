import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MASK_FAILED_MARKER, Sightline } from "../src/index.js";
import { isSampled } from "../src/sampling.js";
import { attr, CaptureServer } from "./capture-server.js";
import { clientFor, PUBLIC_KEY, SECRET_KEY } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

describe("configuration from env", () => {
  it("takes the release from CI variables when none is given, SIGHTLINE_RELEASE first", async () => {
    vi.stubEnv("SIGHTLINE_RELEASE", "");
    vi.stubEnv("GITHUB_SHA", "");
    vi.stubEnv("VERCEL_GIT_COMMIT_SHA", "vercel-sha");
    vi.stubEnv("CIRCLE_SHA1", "circle-sha");
    const fromVercel = clientFor(server);
    fromVercel.span("one", () => {});
    await fromVercel.flush();
    expect(attr(server.spanNamed("one"), "sightline.trace.release")).toBe("vercel-sha");

    vi.stubEnv("SIGHTLINE_RELEASE", "explicit-release");
    vi.stubEnv("SIGHTLINE_VERSION", "v7");
    const fromSightline = clientFor(server);
    fromSightline.span("two", () => {});
    await fromSightline.flush();
    expect(attr(server.spanNamed("two"), "sightline.trace.release")).toBe("explicit-release");
    expect(attr(server.spanNamed("two"), "sightline.trace.version")).toBe("v7");
  });

  it("SIGHTLINE_ENABLED=false and SIGHTLINE_SAMPLE_RATE=0 turn sending off", async () => {
    vi.stubEnv("SIGHTLINE_ENABLED", "false");
    const off = clientFor(server);
    off.span("off", () => {});
    await off.flush();
    vi.stubEnv("SIGHTLINE_ENABLED", "");
    vi.stubEnv("SIGHTLINE_SAMPLE_RATE", "0");
    const none = clientFor(server);
    none.span("none", () => {});
    await none.flush();
    expect(server.requests).toHaveLength(0);
    expect(none.stats().sampledOut).toBe(1);
  });
});

describe("sampling", () => {
  it("keeps or drops whole traces, decided by the trace id", async () => {
    const sightline = clientFor(server, { sampleRate: 0.5 });
    const traceIds: string[] = [];
    for (let i = 0; i < 200; i++) {
      await sightline.trace(`t${i}`, async (t) => {
        traceIds.push(t.traceId);
        await sightline.span("child", async () => {
          sightline.event("leaf");
        });
      });
    }
    await sightline.flush();
    const kept = traceIds.filter((id) => isSampled(id, 0.5));
    expect(kept.length).toBeGreaterThan(50); // 200 fair coin flips
    expect(kept.length).toBeLessThan(150);
    const byTrace = new Map<string, number>();
    for (const span of server.spans()) byTrace.set(span.traceId, (byTrace.get(span.traceId) ?? 0) + 1);
    expect([...byTrace.keys()].sort()).toEqual([...kept].sort());
    for (const count of byTrace.values()) expect(count).toBe(3); // never a partial trace
    expect(sightline.stats().sampledOut).toBe((200 - kept.length) * 3);
  });

  it("makes the same decision for the same id at the same rate, anywhere", () => {
    expect(isSampled("00000000ffffffffffffffffffffffff", 0.01)).toBe(true);
    expect(isSampled("ffffffff000000000000000000000000", 0.99)).toBe(false);
    expect(isSampled("80000000000000000000000000000000", 0.5)).toBe(false);
    expect(isSampled("7fffffff000000000000000000000000", 0.5)).toBe(true);
  });
});

describe("mask", () => {
  it("is applied to inputs, outputs, queries, documents and trace input before they are serialised", async () => {
    const seen: unknown[] = [];
    const mask = (value: unknown) => {
      seen.push(value);
      return JSON.parse(JSON.stringify(value ?? null).replace(/\d{4}-\d{4}-\d{4}-\d{4}/g, "[card]")) as unknown;
    };
    const sightline = clientFor(server, { mask });
    await sightline.trace(
      "checkout",
      async () => {
        await sightline.generation("llm", async (g) => g.update({ output: "charged 4111-1111-1111-1111" }), {
          input: [{ role: "user", content: "my card is 4111-1111-1111-1111" }],
        });
        await sightline.retrieval("search", async (r) => r.setDocuments([{ id: "d", content: "card 4111-1111-1111-1111" }]), {
          query: "4111-1111-1111-1111",
        });
      },
      { input: { card: "4111-1111-1111-1111" } },
    );
    await sightline.flush();
    const body = server.requests.map((r) => r.body.toString("latin1")).join("");
    expect(body).not.toContain("4111");
    expect(JSON.parse(attr(server.spanNamed("llm"), "sightline.output") as string)).toBe("charged [card]");
    expect(attr(server.spanNamed("search"), "sightline.retrieval.query")).toBe("[card]");
    expect(seen.length).toBe(5);
  });

  it("withholds the value when the mask throws, and the app carries on", async () => {
    const sightline = clientFor(server, {
      mask: () => {
        throw new Error("mask bug");
      },
    });
    const result = await sightline.generation("llm", async (g) => {
      g.setOutput("secret output");
      return "app result";
    }, { input: "secret input" });
    await sightline.flush();
    expect(result).toBe("app result");
    const span = server.spanNamed("llm");
    expect(JSON.parse(attr(span, "sightline.input") as string)).toBe(MASK_FAILED_MARKER);
    expect(JSON.parse(attr(span, "sightline.output") as string)).toBe(MASK_FAILED_MARKER);
    expect(server.requests[0]!.body.toString("latin1")).not.toContain("secret");
  });
});

describe("enabled: false", () => {
  it("still runs everything and hands out ids, but registers no exit hooks and sends nothing", async () => {
    const before = process.listenerCount("beforeExit");
    const sightline = new Sightline({ baseUrl: server.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, enabled: false });
    expect(process.listenerCount("beforeExit")).toBe(before);
    expect(sightline.score({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", name: "x", value: 1 })).toMatch(/^[0-9a-f]{32}$/);
    await sightline.flush();
    expect(server.requests).toHaveLength(0);
  });
});
