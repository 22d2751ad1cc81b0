import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SpanKind } from "../src/index.js";
import { attr, CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

describe("span kinds, three ways", () => {
  it("has a callback helper per kind, each nesting under the current span", async () => {
    const sightline = clientFor(server);
    await sightline.trace("root", async () => {
      await sightline.span("a-span", async () => {});
      await sightline.generation("a-generation", async () => {}, { model: "m" });
      await sightline.retrieval("a-retrieval", async () => {}, { query: "q" });
      await sightline.embedding("an-embedding", async (e) => e.update({ usage: { input: 7 } }), { model: "text-embedding-3-small" });
      await sightline.tool("a-tool", async () => {}, { input: { city: "Paris" } });
      await sightline.agent("an-agent", async () => {});
      sightline.event("an-event", { input: "clicked", level: "WARNING" });
    });
    await sightline.flush();
    const root = server.spanNamed("root");
    const expected: Record<string, SpanKind> = {
      "a-span": "span",
      "a-generation": "generation",
      "a-retrieval": "retrieval",
      "an-embedding": "embedding",
      "a-tool": "tool",
      "an-agent": "agent",
      "an-event": "event",
    };
    for (const [name, kind] of Object.entries(expected)) {
      const span = server.spanNamed(name);
      expect(attr(span, "sightline.span.kind"), name).toBe(kind);
      expect(span.parentSpanId, name).toBe(root.spanId);
    }
    const event = server.spanNamed("an-event");
    expect(event.startTimeUnixNano).toBe(event.endTimeUnixNano);
    expect(attr(event, "sightline.level")).toBe("WARNING");
    expect(attr(server.spanNamed("an-embedding"), "sightline.usage.input")).toBe(7);
  });

  it("observe() wraps a function: arguments as input, result as output, errors as status, nesting by call site", async () => {
    const sightline = clientFor(server);
    const lookup = sightline.observe(async (city: string) => ({ city, temp: 21 }), { kind: "tool", name: "lookup-weather" });
    const plan = sightline.observe(function plan(a: number, b: number) {
      return a + b;
    });
    const fails = sightline.observe(async () => {
      throw new TypeError("bad input");
    }, { name: "fails" });
    await sightline.trace("root", async () => {
      expect(await lookup("Paris")).toEqual({ city: "Paris", temp: 21 });
      expect(plan(2, 3)).toBe(5); // a sync function stays sync
      await expect(fails()).rejects.toThrow("bad input");
    });
    await sightline.flush();
    const root = server.spanNamed("root");
    const tool = server.spanNamed("lookup-weather");
    expect(attr(tool, "sightline.span.kind")).toBe("tool");
    expect(tool.parentSpanId).toBe(root.spanId);
    expect(JSON.parse(attr(tool, "sightline.input") as string)).toBe("Paris");
    expect(JSON.parse(attr(tool, "sightline.output") as string)).toEqual({ city: "Paris", temp: 21 });
    const planSpan = server.spanNamed("plan");
    expect(JSON.parse(attr(planSpan, "sightline.input") as string)).toEqual([2, 3]);
    expect(JSON.parse(attr(planSpan, "sightline.output") as string)).toBe(5);
    const failed = server.spanNamed("fails");
    expect(failed.status).toEqual({ code: 2, message: "bad input" });
    expect(attr(failed, "error.type")).toBe("TypeError");
  });

  it("startSpan/end by hand, with parents given as handles or as { traceId, spanId }", async () => {
    const sightline = clientFor(server);
    const root = sightline.startSpan("manual-root", { parent: null });
    const child = sightline.startSpan("manual-child", { kind: "agent", parent: root });
    const byIds = sightline.startSpan("by-ids", { parent: { traceId: child.traceId, spanId: child.spanId } });
    sightline.generation("callback-with-parent", () => {}, { parent: { traceId: root.traceId, spanId: root.spanId } });
    byIds.end();
    child.end();
    root.end();
    await sightline.flush();
    expect(server.spanNamed("manual-child").parentSpanId).toBe(root.spanId);
    expect(server.spanNamed("by-ids").parentSpanId).toBe(child.spanId);
    expect(server.spanNamed("callback-with-parent").parentSpanId).toBe(root.spanId);
    expect(new Set(server.spans().map((s) => s.traceId))).toEqual(new Set([root.traceId]));
  });
});

describe("live updates", () => {
  it("updates output, usage, cost, metadata, level and status before the span ends; later updates are ignored", async () => {
    const sightline = clientFor(server);
    const span = sightline.startSpan("live", { kind: "agent", input: "plan a trip" });
    span.update({ output: "draft", metadata: { step: 1 } });
    span.update({ output: "final", usage: { input: 100, output: 20 }, cost: 0.5, metadata: { done: true }, level: "WARNING" });
    span.update({ status: "error", statusMessage: "budget exceeded" });
    span.addEvent("checkpoint", { step: 2 });
    span.end();
    span.update({ output: "too late" });
    await sightline.flush();
    const sent = server.spanNamed("live");
    expect(JSON.parse(attr(sent, "sightline.output") as string)).toBe("final");
    expect(attr(sent, "sightline.usage.input")).toBe(100);
    expect(attr(sent, "sightline.cost")).toBe(0.5);
    expect(JSON.parse(attr(sent, "sightline.metadata") as string)).toEqual({ step: 1, done: true });
    expect(attr(sent, "sightline.level")).toBe("WARNING");
    expect(sent.status).toEqual({ code: 2, message: "budget exceeded" });
    expect(sent.events?.map((e) => e.name)).toEqual(["checkpoint"]);
  });

  it("level ERROR marks the status as error unless a status was set", async () => {
    const sightline = clientFor(server);
    sightline.span("error-level", (s) => void s.setLevel("ERROR"));
    await sightline.flush();
    sightline.span("error-level-but-ok", (s) => void s.setLevel("ERROR").setStatus("ok"));
    await sightline.flush();
    expect(attr(server.spanNamed("error-level"), "sightline.level")).toBe("ERROR");
    expect(server.spanNamed("error-level").status.code).toBe(2);
    expect(server.spanNamed("error-level-but-ok").status.code).toBe(1);
  });

  it("setTraceAttributes from a nested span reaches every span of the trace, ended or not; by id from outside", async () => {
    const sightline = clientFor(server);
    let traceId = "";
    const outer = sightline.startSpan("open-root", { parent: null });
    await sightline.span("early", async () => {}, { parent: outer });
    await sightline.span("nested", async () => {
      traceId = sightline.getCurrentTraceId()!;
      sightline.setTraceAttributes({ userId: "u-9", tags: ["beta"] });
    }, { parent: outer });
    sightline.setTraceAttributes({ sessionId: "s-1" }, outer.traceId); // outside the trace's context
    outer.end();
    await sightline.flush();
    expect(traceId).toBe(outer.traceId);
    for (const span of server.spans()) {
      expect(attr(span, "sightline.trace.user_id"), span.name).toBe("u-9");
      expect(attr(span, "sightline.trace.session_id"), span.name).toBe("s-1");
      expect(attr(span, "sightline.trace.tags"), span.name).toEqual(["beta"]);
    }
  });
});
