import { decodeTraceRequest, mapTraceRequest } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Sightline } from "../src/index.js";
import type { FinishedSpan } from "../src/finished-span.js";
import { encodeTraceRequestJson } from "../src/otlp-json.js";
import { encodeTraceRequestProto } from "../src/otlp-proto.js";
import { provideUtf8Target } from "../src/proto-writer.js";
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

// Long strings are written by TextEncoder#encodeInto everywhere, by Buffer#write in Node (node.ts).
describe.each([
  ["TextEncoder#encodeInto", undefined],
  ["Buffer#write", (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)],
] as const)("protobuf strings through %s", (_name, target) => {
  beforeAll(() => provideUtf8Target(target));
  afterAll(() => provideUtf8Target(undefined));

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
