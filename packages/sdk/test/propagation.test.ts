import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTraceId, parseTraceparent } from "../src/index.js";
import { CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

describe("deterministic trace ids", () => {
  it("createTraceId(seed) is the first 16 bytes of SHA-256 of the seed, in hex", () => {
    for (const seed of ["", "req-123", "ünïcödé ✓", "x".repeat(1000)]) {
      expect(createTraceId(seed)).toBe(createHash("sha256").update(seed, "utf8").digest("hex").slice(0, 32));
    }
  });

  it("a trace takes the id it is given", async () => {
    const sightline = clientFor(server);
    const id = createTraceId("order-42");
    const seen = await sightline.trace("with-id", async (t) => t.traceId, { traceId: id });
    await sightline.flush();
    expect(seen).toBe(id);
    expect(server.spanNamed("with-id").traceId).toBe(id);
  });
});

describe("W3C traceparent", () => {
  const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  it("continues a trace from a traceparent option or from request headers", async () => {
    const sightline = clientFor(server);
    await sightline.trace("from-option", () => {}, { traceparent: incoming });
    const parent = sightline.continueFrom(new Headers({ TraceParent: incoming }));
    await sightline.trace("from-headers", () => {}, { parent });
    await sightline.trace("from-node-headers", () => {}, { parent: sightline.continueFrom({ traceparent: incoming }) });
    await sightline.trace("from-garbage", () => {}, { traceparent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01" });
    await sightline.flush();
    for (const name of ["from-option", "from-headers", "from-node-headers"]) {
      expect(server.spanNamed(name).traceId, name).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
      expect(server.spanNamed(name).parentSpanId, name).toBe("00f067aa0ba902b7");
    }
    expect(server.spanNamed("from-garbage").traceId).not.toBe("00000000000000000000000000000000");
    expect(server.spanNamed("from-garbage").parentSpanId).toBeUndefined();
  });

  it("drops a trace whose caller said it was not sampled (flag 00)", async () => {
    const sightline = clientFor(server);
    await sightline.trace("unsampled", () => {}, { traceparent: incoming.replace(/-01$/, "-00") });
    await sightline.flush();
    expect(server.spans()).toHaveLength(0);
    expect(sightline.stats().sampledOut).toBe(1);
  });

  it("hands out the current span's traceparent and injects it into outgoing headers", async () => {
    const sightline = clientFor(server);
    expect(sightline.getTraceparent()).toBeUndefined();
    const seen = await sightline.trace("outgoing", async (t) => {
      const record = sightline.injectTraceparent({ accept: "application/json" } as Record<string, string>);
      const headers = sightline.injectTraceparent(new Headers());
      return { record, headers: headers.get("traceparent"), current: sightline.getTraceparent(), own: t.getTraceparent(), ids: [t.traceId, t.spanId] };
    });
    expect(seen.current).toBe(`00-${seen.ids[0]}-${seen.ids[1]}-01`);
    expect(seen.own).toBe(seen.current);
    expect(seen.record).toEqual({ accept: "application/json", traceparent: seen.current });
    expect(seen.headers).toBe(seen.current);
    expect(parseTraceparent(seen.current)).toEqual({ traceId: seen.ids[0], spanId: seen.ids[1], sampled: true });
  });

  it("rejects malformed values as the spec asks", () => {
    expect(parseTraceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBeUndefined();
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")).toBeUndefined();
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")).toBeUndefined();
    expect(parseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")).toMatchObject({ spanId: "00f067aa0ba902b7" });
    expect(parseTraceparent(undefined)).toBeUndefined();
  });
});

describe("async context through streams", () => {
  it("keeps the current span inside async generators and Node stream callbacks", async () => {
    const sightline = clientFor(server);
    async function* tokens() {
      for (const token of ["a", "b"]) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield sightline.getCurrentSpanId();
      }
    }
    const seen = await sightline.trace("streaming", async (root) => {
      const fromGenerator: Array<string | undefined> = [];
      for await (const id of tokens()) fromGenerator.push(id);
      const fromStream: Array<string | undefined> = [];
      await pipeline(Readable.from(["x", "y"]), async function (source: AsyncIterable<string>) {
        for await (const _ of source) {
          await sightline.span("per-chunk", async () => {});
          fromStream.push(sightline.getCurrentSpanId());
        }
      });
      const fromEvents = await new Promise<string | undefined>((resolve) => {
        const readable = Readable.from(["z"]);
        readable.on("data", () => resolve(sightline.getCurrentSpanId()));
      });
      return { root: root.spanId, fromGenerator, fromStream, fromEvents };
    });
    expect(seen.fromGenerator).toEqual([seen.root, seen.root]);
    expect(seen.fromStream).toEqual([seen.root, seen.root]);
    expect(seen.fromEvents).toBe(seen.root);
    await sightline.flush();
    expect(server.spans().filter((s) => s.name === "per-chunk").map((s) => s.parentSpanId)).toEqual([seen.root, seen.root]);
  });
});
