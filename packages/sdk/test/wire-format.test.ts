import { decodeTraceRequest, mapTraceRequest } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sightline } from "../src/index.js";
import type { FinishedSpan } from "../src/finished-span.js";
import { encodeTraceRequestJson } from "../src/otlp-json.js";
import { encodeTraceRequestProto, ProtoSpanEncoder } from "../src/otlp-proto.js";
import { writeJson } from "../src/json-writer.js";
import { ProtoWriter, provideUtf8Length, provideUtf8Target } from "../src/proto-writer.js";
import type { ExportOrigin } from "../src/span-attributes.js";

const origin: ExportOrigin = {
  resourceAttributes: [
    ["service.name", "wire-test"],
    ["telemetry.sdk.name", "sightline"],
  ],
  scopeName: "@sightline/sdk",
  scopeVersion: "0.1.0",
};

/** Spans exactly as the SDK hands them to its exporter, collected instead of sent. */
async function collectSpans(run: (sightline: Sightline) => unknown): Promise<FinishedSpan[]> {
  const spans: FinishedSpan[] = [];
  const sightline = new Sightline({ enabled: false });
  (sightline as unknown as { tracer: { config: { sink: (s: FinishedSpan) => void } } }).tracer.config.sink = (span) => spans.push(span);
  await run(sightline);
  return spans;
}

function finishedSpans(): Promise<FinishedSpan[]> {
  return collectSpans((sightline) => sightline.trace(
    "root ✓ ünïcödé",
    async (root) => {
      root.setAttribute("custom.bool", true).setAttribute("custom.neg", -42).setAttribute("custom.list", ["a", 1, false]).setAttribute("custom.big", 2n ** 40n);
      await sightline.generation(
        "llm",
        async (g) => {
          g.markCompletionStart();
          g.update({ output: { role: "assistant", content: "x".repeat(3000) }, usage: { input: 1234, output: 56789 }, cost: 1 });
        },
        { model: "gpt-4o", input: [{ role: "user", content: "😀 ".repeat(200) }], modelParameters: { temperature: 0.7 } },
      );
      await sightline.span("fails", async () => {
        throw new Error("boom — with a long message ".repeat(10));
      }).catch(() => undefined);
      sightline.event("point");
    },
    { userId: "u", tags: ["a", "b"], metadata: { k: "v" }, input: { q: 1 } },
  ));
}

describe("the two wire formats", () => {
  it("protobuf decodes, with the server's decoder, to exactly what the JSON path decodes to", async () => {
    const spans = await finishedSpans();
    expect(spans).toHaveLength(4);
    const fromProto = decodeTraceRequest(encodeTraceRequestProto(spans, origin), "protobuf");
    const fromJson = decodeTraceRequest(new TextEncoder().encode(encodeTraceRequestJson(spans, origin)), "json");
    expect(fromProto).toEqual(fromJson);
    const decodedSpans = fromProto.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(decodedSpans.map((s) => s.name)).toEqual(["llm", "fails", "point", "root ✓ ünïcödé"]);
    expect(decodedSpans[0]!.events.map((e) => e.name)).toEqual(["gen_ai.completion_start"]);
    // Nanosecond times survive the fixed64 split exactly.
    expect(decodedSpans[0]!.startTimeUnixNano).toBe(BigInt(spans[0]!.startUs) * 1000n);
    // And the server maps both the same way, with nothing rejected.
    const mappedProto = mapTraceRequest(fromProto, { projectId: "p" });
    expect(mappedProto.rejected.count).toBe(0);
    expect(mappedProto.spans).toEqual(mapTraceRequest(fromJson, { projectId: "p" }).spans);
  });
});

describe("the protobuf span encoder", () => {
  it("keeps a span whole even if its size bound fell short (the record then gets memory of its own)", async () => {
    const [span] = await collectSpans((sightline) => sightline.span("big", (s) => void s.setAttribute("payload", "p".repeat(300_000))));
    const understated = Object.create(span!, { attributeBound: { value: 0 } }) as FinishedSpan; // as if the bound were wrong
    const encoder = new ProtoSpanEncoder();
    const small = encoder.encode((await collectSpans((sightline) => sightline.span("small", () => {})))[0]!);
    const encoded = encoder.encode(understated);
    const decoded = decodeTraceRequest(encoder.encodeBatch([small, encoded], origin), "protobuf").resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(decoded.map((s) => s.name)).toEqual(["small", "big"]);
    expect(decoded[1]!.attributes.payload).toBe("p".repeat(300_000));
  });
});

// Long strings are written by TextEncoder#encodeInto everywhere, by Buffer#write in Node
// (node.ts), where JSON strings are also checked for what to escape by Buffer.byteLength and
// a scan of the written bytes instead of a regular expression.
describe.each([
  ["TextEncoder#encodeInto", undefined, undefined],
  ["Buffer#write", (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (value: string) => Buffer.byteLength(value, "utf8")],
] as const)("protobuf strings through %s", (_name, target, utf8Length) => {
  beforeAll(() => {
    provideUtf8Target(target);
    provideUtf8Length(utf8Length);
  });
  afterAll(() => {
    provideUtf8Target(undefined);
    provideUtf8Length(undefined);
  });

  it("writes JSON text byte for byte as JSON.stringify does, for strings of every kind at every alignment", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ["a", " ", '"', "\\", "\n", "\t", "\u0001", "\u001f", "~", "\u007f", "é", "😀", "\ud800", "\udc00", "/"];
    const w = new ProtoWriter(16);
    for (let n = 0; n < 3000; n++) {
      const mostlyPlain = random() < 0.5;
      let text = "";
      for (let i = Math.floor(random() * 300); i > 0; i--) text += mostlyPlain && random() < 0.99 ? "x" : alphabet[Math.floor(random() * alphabet.length)];
      for (const offset of [0, 1, 2, 3]) {
        w.reset();
        for (let k = 0; k < offset; k++) w.byte(0x20);
        expect(writeJson(w, { text, list: [text] })).toBe(true);
        expect(new TextDecoder().decode(w.buf.subarray(offset, w.pos))).toBe(JSON.stringify({ text, list: [text] }));
      }
    }
  });

  it("encodes short and long strings as UTF-8 exactly like TextEncoder (2-, 3-, 4-byte characters, lone surrogates)", async () => {
    for (const text of ["é", "ü".repeat(63), "€", "😀", "a😀b".repeat(20), "😀".repeat(40), "\ud800x", "x\udc00", "日本語".repeat(30)]) {
      const spans = await collectSpans((sightline) => sightline.span(text, (s) => void s.setAttribute(text, text)));
      const decoded = decodeTraceRequest(encodeTraceRequestProto(spans, origin), "protobuf").resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
      const expected = new TextDecoder().decode(new TextEncoder().encode(text)); // lone surrogates become U+FFFD
      expect(decoded.name).toBe(expected);
      expect(decoded.attributes[expected]).toBe(expected);
    }
  });

  it("sizes nested lengths right across the 1-, 2- and 3-byte varint boundaries", async () => {
    for (const length of [0, 1, 127, 128, 16_383, 16_384, 70_000]) {
      const spans = await collectSpans((sightline) => sightline.span("s", (s) => void s.setAttribute("payload", "y".repeat(length))));
      const decoded = decodeTraceRequest(encodeTraceRequestProto(spans, origin), "protobuf");
      expect(decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.payload).toBe("y".repeat(length));
    }
  });
});
