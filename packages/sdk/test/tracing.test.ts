import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attr, CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

describe("nesting and async context", () => {
  it("runs the README example: one trace, children parented on the root, trace attributes on every span", async () => {
    const sightline = clientFor(server, { release: "r-1", environment: "test" });
    const result = await sightline.trace(
      "answer-question",
      async () => {
        const docs = await sightline.retrieval(
          "search-docs",
          async (r) => {
            r.setDocuments([{ id: "doc-1", content: "Sightline stores spans in ClickHouse.", score: 0.92 }]);
            return ["Sightline stores spans in ClickHouse."];
          },
          { query: "where are spans stored?" },
        );
        await sightline.generation(
          "llm",
          async (g) => {
            g.update({ output: "In ClickHouse.", usage: { input: 42, output: 4 } });
          },
          { model: "gpt-4o-mini", provider: "openai", input: [{ role: "user", content: `Where are spans stored? ${docs[0]}` }] },
        );
        return "done";
      },
      { userId: "user-1", sessionId: "session-1", tags: ["docs"] },
    );
    await sightline.shutdown();

    expect(result).toBe("done");
    const root = server.spanNamed("answer-question");
    const retrieval = server.spanNamed("search-docs");
    const generation = server.spanNamed("llm");
    expect(root.parentSpanId).toBeUndefined();
    expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(root.spanId).toMatch(/^[0-9a-f]{16}$/);
    for (const child of [retrieval, generation]) {
      expect(child.traceId).toBe(root.traceId);
      expect(child.parentSpanId).toBe(root.spanId);
    }
    for (const span of [root, retrieval, generation]) {
      expect(attr(span, "sightline.trace.user_id")).toBe("user-1");
      expect(attr(span, "sightline.trace.session_id")).toBe("session-1");
      expect(attr(span, "sightline.trace.release")).toBe("r-1");
      expect(attr(span, "sightline.trace.environment")).toBe("test");
      expect(attr(span, "sightline.trace.tags")).toEqual(["docs"]);
      expect(span.status.code).toBe(1);
      expect(BigInt(span.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(span.startTimeUnixNano));
    }
    expect(attr(root, "sightline.span.kind")).toBe("span");
    expect(attr(retrieval, "sightline.span.kind")).toBe("retrieval");
    expect(attr(retrieval, "sightline.retrieval.query")).toBe("where are spans stored?");
    expect(JSON.parse(attr(retrieval, "sightline.retrieval.documents") as string)).toEqual([
      { id: "doc-1", content: "Sightline stores spans in ClickHouse.", score: 0.92 },
    ]);
    expect(attr(generation, "sightline.span.kind")).toBe("generation");
    expect(attr(generation, "sightline.model")).toBe("gpt-4o-mini");
    expect(attr(generation, "sightline.usage.input")).toBe(42);
    expect(JSON.parse(attr(generation, "sightline.output") as string)).toBe("In ClickHouse.");
  });

  it("keeps the current span across await, Promise.all and setTimeout", async () => {
    const sightline = clientFor(server);
    await sightline.trace("root", async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await sightline.span("after-await", async () => {
        await Promise.all([
          sightline.span("parallel-a", async () => {
            await Promise.resolve();
            await sightline.generation("deep", async () => {});
          }),
          sightline.span("parallel-b", async () => {}),
        ]);
      });
      await new Promise<void>((resolve) => {
        setTimeout(() => {
          sightline.span("in-timer", () => {});
          resolve();
        }, 1);
      });
    });
    await sightline.flush();

    const byName = (name: string) => server.spanNamed(name);
    const root = byName("root");
    expect(byName("after-await").parentSpanId).toBe(root.spanId);
    expect(byName("parallel-a").parentSpanId).toBe(byName("after-await").spanId);
    expect(byName("parallel-b").parentSpanId).toBe(byName("after-await").spanId);
    expect(byName("deep").parentSpanId).toBe(byName("parallel-a").spanId);
    expect(byName("in-timer").parentSpanId).toBe(root.spanId);
    expect(new Set(server.spans().map((s) => s.traceId))).toEqual(new Set([root.traceId]));
  });

  it("starts a trace of its own for a helper called outside any trace", async () => {
    const sightline = clientFor(server);
    await sightline.generation("lonely", async () => {}, { model: "m" });
    await sightline.trace("other", () => {});
    await sightline.flush();
    const lonely = server.spanNamed("lonely");
    expect(lonely.parentSpanId).toBeUndefined();
    expect(lonely.traceId).not.toBe(server.spanNamed("other").traceId);
    expect(attr(lonely, "sightline.span.kind")).toBe("generation");
  });

  it("parents explicitly through handles and startSpan (for runtimes without async context)", async () => {
    const sightline = clientFor(server);
    const root = sightline.startSpan("manual-root", { parent: null, kind: "agent", traceAttributes: { userId: "u-9" } });
    root.span("child-of-handle", (child) => {
      child.retrieval("grandchild", () => {}, { query: "q" });
    });
    const tool = sightline.startSpan("tool-call", { parent: root, kind: "tool", input: { city: "Paris" } });
    tool.setOutput({ temperature: 21 });
    tool.end();
    tool.setOutput("ignored after end");
    root.end();
    await sightline.flush();

    const manualRoot = server.spanNamed("manual-root");
    expect(manualRoot.parentSpanId).toBeUndefined();
    expect(attr(manualRoot, "sightline.span.kind")).toBe("agent");
    expect(server.spanNamed("child-of-handle").parentSpanId).toBe(manualRoot.spanId);
    expect(server.spanNamed("grandchild").parentSpanId).toBe(server.spanNamed("child-of-handle").spanId);
    const toolSpan = server.spanNamed("tool-call");
    expect(toolSpan.parentSpanId).toBe(manualRoot.spanId);
    expect(JSON.parse(attr(toolSpan, "sightline.output") as string)).toEqual({ temperature: 21 });
    for (const span of server.spans()) expect(attr(span, "sightline.trace.user_id")).toBe("u-9");
  });

  it("exposes the current ids for log correlation", async () => {
    const sightline = clientFor(server);
    expect(sightline.getCurrentTraceId()).toBeUndefined();
    const seen = await sightline.trace("ids", async (t) => {
      await Promise.resolve();
      return { traceId: sightline.getCurrentTraceId(), spanId: sightline.getCurrentSpanId(), handle: t };
    });
    expect(seen.traceId).toBe(seen.handle.traceId);
    expect(seen.spanId).toBe(seen.handle.spanId);
    await sightline.shutdown();
  });
});

describe("trace attributes", () => {
  it("updateTrace reaches spans that already ended but were not sent yet", async () => {
    const sightline = clientFor(server);
    await sightline.trace("root", async () => {
      await sightline.span("early", async () => {});
      await sightline.span("late", async () => {
        sightline.updateTrace({ userId: "found-later", tags: ["a"], metadata: { plan: "pro" } });
        sightline.updateTrace({ tags: ["b", "a"] });
      });
    });
    await sightline.flush();
    for (const span of server.spans()) {
      expect(attr(span, "sightline.trace.user_id")).toBe("found-later");
      expect(attr(span, "sightline.trace.tags")).toEqual(["a", "b"]);
    }
    expect(JSON.parse(attr(server.spanNamed("root"), "sightline.metadata") as string)).toEqual({ plan: "pro" });
    expect(attr(server.spanNamed("early"), "sightline.metadata")).toBeUndefined();
  });

  it("puts trace-level input and metadata on the root span", async () => {
    const sightline = clientFor(server);
    await sightline.trace("root", (t) => t.update({ metadata: { own: 1 } }), { input: { question: "why?" }, metadata: { tenant: "t-1" } });
    await sightline.flush();
    const root = server.spanNamed("root");
    expect(JSON.parse(attr(root, "sightline.input") as string)).toEqual({ question: "why?" });
    expect(JSON.parse(attr(root, "sightline.metadata") as string)).toEqual({ tenant: "t-1", own: 1 });
  });
});

describe("errors", () => {
  it("records a rejection as status ERROR with the message and rethrows the same error", async () => {
    const sightline = clientFor(server);
    const boom = new TypeError("model timed out");
    await expect(
      sightline.trace("root", async () => {
        await sightline.generation("llm", async () => {
          throw boom;
        });
      }),
    ).rejects.toBe(boom);
    await sightline.flush();
    for (const name of ["llm", "root"]) {
      const span = server.spanNamed(name);
      expect(span.status).toEqual({ code: 2, message: "model timed out" });
      expect(attr(span, "error.type")).toBe("TypeError");
    }
  });

  it("records a synchronous throw of a non-Error value", async () => {
    const sightline = clientFor(server);
    expect(() =>
      sightline.span("sync", () => {
        throw "plain string";
      }),
    ).toThrow("plain string");
    await sightline.flush();
    expect(server.spanNamed("sync").status).toEqual({ code: 2, message: "plain string" });
  });

  it("returns synchronous results synchronously", async () => {
    const sightline = clientFor(server);
    const value: number = sightline.trace("sync", () => 41 + 1);
    expect(value).toBe(42);
    await sightline.shutdown();
  });

  it("never throws on values JSON cannot encode (cycles, BigInt, functions, throwing toJSON)", async () => {
    const sightline = clientFor(server);
    const cyclic: Record<string, unknown> = { name: "loop", big: 10n, fn: () => 1 };
    cyclic.self = cyclic;
    const hostile = { toJSON: () => { throw new Error("nope"); } };
    await sightline.trace("weird", async (t) => {
      t.update({ input: cyclic, output: hostile, metadata: { n: 2n } });
      t.setAttribute("custom.count", 3).setAttribute("custom.ratio", 0.5).setAttribute("custom.list", ["x", "y"]).setAttribute("custom.big", 2n ** 70n).setAttribute("custom.int64", -(2n ** 40n));
    });
    await sightline.flush();
    const span = server.spanNamed("weird");
    expect(JSON.parse(attr(span, "sightline.input") as string)).toEqual({ name: "loop", big: "10", self: "[Circular]" });
    expect(JSON.parse(attr(span, "sightline.output") as string)).toBe("[Unserializable: nope]");
    expect(JSON.parse(attr(span, "sightline.metadata") as string)).toEqual({ n: "2" });
    expect(attr(span, "custom.count")).toBe(3);
    expect(attr(span, "custom.ratio")).toBe(0.5);
    expect(attr(span, "custom.list")).toEqual(["x", "y"]);
    // Beyond int64 a BigInt travels as its decimal string instead of wrapping around.
    expect(span.attributes.find((a) => a.key === "custom.big")?.value).toEqual({ stringValue: (2n ** 70n).toString() });
    expect(attr(span, "custom.int64")).toBe(-(2 ** 40));
  });
});
