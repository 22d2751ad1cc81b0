import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { attr, CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

/*
 * With the protobuf format (the default) a span is encoded when it ends into the queue's
 * chunks of memory, and its inputs and outputs are written as JSON straight into UTF-8
 * bytes when they are given (json-writer.ts). These tests go through the public API to a
 * real HTTP server and check that what arrives is what the JSON format sends.
 */
let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const cyclic: Record<string, unknown> = { name: "loop" };
cyclic.self = cyclic;

/** Values an app passes as input or output: plain data (written as bytes) and the rest (JSON.stringify's path). */
const VALUES: Array<[string, unknown]> = [
  ["messages", [{ role: "system", content: "Be brief." }, { role: "user", content: "Sightline ".repeat(200) }]],
  ["escapes", "quote \" backslash \\ controls \u0000\u0001\b\t\n\f\r\u001f slash / del \u007f separators \u2028\u2029"],
  ["unicode", { "ключ": "é ü € 日本語 😀", lone: "\ud800 and \udc00", pair: "a😀b".repeat(30) }],
  ["numbers", [0, -0, 1, -1, 1.5, 2 ** 31, 2 ** 53, 1e21, 1e-7, -1e-7, Number.MAX_VALUE, NaN, Infinity, -Infinity]],
  ["holes and skipped values", { a: undefined, b: () => 1, c: Symbol("s"), d: [undefined, () => 1, Symbol("t"), , null], e: null, f: true, g: false }],
  ["key order", { b: 1, a: 2, 10: "ten", 2: "two", [Symbol("hidden")]: 3 }],
  ["null prototype", Object.assign(Object.create(null) as object, { x: 1 })],
  ["empty", [{}, [], ""]],
  ["a string", "just text"],
  ["a number", 42],
  ["a date inside", { at: new Date(0) }],
  ["toJSON", { toJSON: () => ({ replaced: true }) }],
  ["a class instance", new Point(1, 2)],
  ["a map", new Map([["k", "v"]])],
  ["a BigInt", { big: 10n }],
  ["a cycle", cyclic],
  ["an error", new Error("boom")],
  ["deep", JSON.parse(`${"[".repeat(100)}1${"]".repeat(100)}`) as unknown],
  ["a throwing getter", Object.defineProperty({ ok: 1 }, "bad", { enumerable: true, get: () => { throw new Error("no access"); } })],
  ["a long text with escapes", `line one\nline "two"\t${"x".repeat(100)}\\ end`],
];

async function sendAll(format: "protobuf" | "json"): Promise<Map<string, { input: unknown; output: unknown }>> {
  const sightline = clientFor(server, { format });
  for (const [name, value] of VALUES) sightline.generation(name, (g) => void g.update({ output: value }), { input: value });
  await sightline.flush();
  const byName = new Map<string, { input: unknown; output: unknown }>();
  for (const span of server.spans()) byName.set(span.name, { input: attr(span, "sightline.input"), output: attr(span, "sightline.output") });
  server.requests.length = 0;
  await sightline.shutdown();
  return byName;
}

describe("protobuf spans encoded as they end", () => {
  it("send inputs and outputs with exactly the JSON text the JSON format sends, whatever the value", async () => {
    const fromProtobuf = await sendAll("protobuf");
    const fromJson = await sendAll("json");
    expect(fromProtobuf.size).toBe(VALUES.length);
    for (const [name, value] of VALUES) {
      expect(fromProtobuf.get(name), name).toEqual(fromJson.get(name));
      if (!["a BigInt", "a cycle", "an error", "a throwing getter"].includes(name)) expect(fromProtobuf.get(name)!.input, name).toBe(JSON.stringify(value));
    }
    expect(fromProtobuf.get("a cycle")!.input).toBe('{"name":"loop","self":"[Circular]"}');
    expect(fromProtobuf.get("a throwing getter")!.input).toBe('{"ok":1,"bad":"[Unserializable: no access]"}');
  });

  it("copes with a value whose getter starts and ends spans of its own while it is being written", async () => {
    const sightline = clientFor(server);
    const sneaky = {
      before: "x".repeat(200),
      get during() {
        sightline.span("inside-getter", (s) => void s.update({ input: { nested: "y".repeat(300) } }));
        return "value";
      },
      after: [1, 2, 3],
    };
    sightline.generation("outer", (g) => void g.update({ output: sneaky }));
    await sightline.flush();
    expect(attr(server.spanNamed("outer"), "sightline.output")).toBe(JSON.stringify({ before: "x".repeat(200), during: "value", after: [1, 2, 3] }));
    expect(server.spans().filter((s) => s.name === "inside-getter").map((s) => JSON.parse(attr(s, "sightline.input") as string))).toContainEqual({ nested: "y".repeat(300) });
  });

  it("keeps a snapshot of a value when it is given: later changes to the object do not leak into the span", async () => {
    const sightline = clientFor(server);
    const messages = [{ role: "user", content: "question" }];
    sightline.generation("answer", (g) => {
      messages.push({ role: "assistant", content: "reply" });
      g.update({ output: "reply" });
    }, { input: messages });
    await sightline.flush();
    expect(JSON.parse(attr(server.spanNamed("answer"), "sightline.input") as string)).toEqual([{ role: "user", content: "question" }]);
  });

  it("sends the last of several outputs given to a live span", async () => {
    const sightline = clientFor(server);
    sightline.generation("streamed", (g) => {
      for (let i = 1; i <= 50; i++) g.update({ output: { text: "token ".repeat(i) } });
    });
    await sightline.flush();
    expect(JSON.parse(attr(server.spanNamed("streamed"), "sightline.output") as string)).toEqual({ text: "token ".repeat(50) });
  });

  it("delivers many spans across chunks, with trace attributes set after some ended, queue drops and spans larger than a chunk", async () => {
    const sightline = clientFor(server, { maxQueueSpans: 2_000, flushAt: 700, maxConcurrentRequests: 1 }); // one request at a time: arrival order is send order
    const big = "b".repeat(200_000); // larger than a chunk of the queue
    const expected: string[] = [];
    for (let t = 0; t < 40; t++) {
      sightline.trace(`trace-${t}`, (root) => {
        for (let i = 0; i < 60; i++) {
          const name = `t${t}-s${i}`;
          sightline.span(name, (s) => void s.update({ input: { i, text: "x".repeat(i * 40) }, output: i === 7 && t % 10 === 0 ? big : `out-${i}` }));
          expected.push(name);
        }
        root.updateTrace({ userId: `user-${t}`, tags: [`t${t}`] }); // after its children ended, before they were sent
      });
      expected.push(`trace-${t}`);
    }
    const dropped = sightline.stats().dropped;
    expect(dropped).toBe(40 * 61 - 2_000); // the oldest, and their memory given back
    await sightline.flush();
    const spans = server.spans();
    expect(spans.map((s) => s.name)).toEqual(expected.slice(dropped));
    for (const span of spans) {
      const t = /^(?:trace-|t)(\d+)/.exec(span.name)![1];
      expect(attr(span, "sightline.trace.user_id"), span.name).toBe(`user-${t}`);
      expect(attr(span, "sightline.trace.tags"), span.name).toEqual([`t${t}`]);
      const i = /-s(\d+)$/.exec(span.name)?.[1];
      if (i === undefined) continue;
      expect(JSON.parse(attr(span, "sightline.input") as string)).toEqual({ i: Number(i), text: "x".repeat(Number(i) * 40) });
      expect(attr(span, "sightline.output")).toBe(JSON.stringify(i === "7" && Number(t) % 10 === 0 ? big : `out-${i}`));
    }
    expect(sightline.stats()).toMatchObject({ sent: spans.length, dropped, failed: 0 });
    await sightline.shutdown();
  });

  it("stays exact under a random mix of sizes, overwritten values, late trace attributes, drops and flushes", async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const sightline = clientFor(server, { maxQueueSpans: 300, maxQueueBytes: 400_000, flushAt: 97, maxConcurrentRequests: 1 });
    const expected = new Map<string, { output: string; user: string }>();
    const order: string[] = [];
    for (let t = 0; t < 120; t++) {
      const spans: string[] = [];
      const user = `u${t}-${Math.floor(random() * 1000)}`;
      sightline.trace(`r${t}`, (root) => {
        const children = Math.floor(random() * 8);
        for (let c = 0; c < children; c++) {
          const name = `r${t}c${c}`;
          let output = "";
          sightline.generation(name, (g) => {
            for (let u = 0; u <= Math.floor(random() * 3); u++) {
              const size = Math.floor(random() ** 3 * 150_000); // mostly small, a few larger than a chunk
              output = JSON.stringify({ u, text: "é".repeat(size % 7) + "z".repeat(size) });
              g.update({ output: JSON.parse(output) as unknown });
            }
          });
          expected.set(name, { output, user });
          spans.push(name);
        }
        root.updateTrace({ userId: user }); // after the children ended
      });
      expected.set(`r${t}`, { output: "", user });
      order.push(...spans, `r${t}`);
      if (random() < 0.1) await sightline.flush();
    }
    await sightline.flush();
    const stats = sightline.stats();
    const received = server.spans();
    expect(received.length).toBe(stats.sent);
    expect(stats.sent + stats.dropped).toBe(order.length);
    expect(stats.dropped).toBeGreaterThan(0); // the bounds were hit
    expect(stats.failed).toBe(0);
    // What arrived is in order, a subsequence of what ended (drops take the oldest queued), each span intact.
    let at = 0;
    for (const span of received) {
      at = order.indexOf(span.name, at);
      expect(at, span.name).toBeGreaterThanOrEqual(0);
      const want = expected.get(span.name)!;
      expect(attr(span, "sightline.trace.user_id"), span.name).toBe(want.user);
      if (want.output) expect(attr(span, "sightline.output"), span.name).toBe(want.output);
    }
    await sightline.shutdown();
  });
});
