import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import {
  decodeTraceRequest,
  encodeTraceRequest,
  mapTraceRequest,
  NESTING_LIMIT_MARKER,
  OtlpDecodeError,
  TRUNCATION_MARKER,
  type OtlpFormat,
} from "../src/index";
import { FORMATS, ingest, NOW_NS, NOW_US, request, span, SPAN_ID, TRACE_ID } from "./support/build";

const utf8 = new TextEncoder();

/** Decodes, and fails the test on any error other than OtlpDecodeError. */
function decodeOrReason(body: Uint8Array, format: OtlpFormat): { ok: true } | { ok: false; reason: string } {
  try {
    decodeTraceRequest(body, format);
    return { ok: true };
  } catch (error) {
    expect(error).toBeInstanceOf(OtlpDecodeError);
    return { ok: false, reason: (error as Error).message };
  }
}

/** Tag of a length-delimited protobuf field. */
const ld = (fieldNumber: number): number => (fieldNumber << 3) | 2;

describe("undecodable bodies fail with OtlpDecodeError and a reason", () => {
  const valid = encodeTraceRequest(request([span({ attributes: { a: "x".repeat(50) } })]), "protobuf").body;

  it("truncated protobuf", () => {
    const result = decodeOrReason(valid.slice(0, valid.length - 7), "protobuf");
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/not a valid protobuf ExportTraceServiceRequest/) });
  });

  it("garbage bytes never throw anything but OtlpDecodeError", () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    for (let i = 0; i < 200; i++) {
      const garbage = Uint8Array.from({ length: 1 + (i % 97) }, () => Math.floor(random()));
      decodeOrReason(garbage, "protobuf");
      decodeOrReason(garbage, "json");
    }
    expect(decodeOrReason(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), "protobuf").ok).toBe(false);
  });

  it.each([
    ["not JSON", "{resourceSpans:", /not valid JSON/],
    ["NaN literal", '{"resourceSpans": NaN}', /not valid JSON/],
    ["a JSON array", "[]", /must be a JSON object/],
    ["resourceSpans of the wrong type", '{"resourceSpans": 5}', /resourceSpans must be an array/],
    ["scopeSpans of the wrong type", '{"resourceSpans": [{"scopeSpans": "x"}]}', /scopeSpans must be an array/],
    ["resource of the wrong type", '{"resourceSpans": [{"resource": []}]}', /resource must be an object/],
  ])("JSON: %s", (_name, text, reason) => {
    expect(decodeOrReason(utf8.encode(text), "json")).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it("bodies above the size limit", () => {
    expect(() => decodeTraceRequest(valid, "protobuf", { maxBytes: 10 })).toThrowError(/above the limit of 10 bytes/);
  });
});

describe("hostile nesting is cut at the depth limit, not a crash", () => {
  const depth = 10_000;

  it("protobuf: 10,000 nested arrays", () => {
    // Hand-written with protobufjs' Writer: request.resource_spans.scope_spans.spans.attributes
    // → KeyValue{key, value: AnyValue{array_value{values: AnyValue{…}}}} ten thousand deep.
    const w = protobuf.Writer.create();
    w.uint32(ld(1)).fork().uint32(ld(2)).fork().uint32(ld(2)).fork();
    w.uint32(ld(1)).bytes(Uint8Array.from(Buffer.from(TRACE_ID, "hex"))).uint32(ld(2)).bytes(Uint8Array.from(Buffer.from(SPAN_ID, "hex")));
    w.uint32(ld(9)).fork().uint32(ld(1)).string("deep").uint32(ld(2)).fork();
    for (let i = 0; i < depth; i++) w.uint32(ld(5)).fork().uint32(ld(1)).fork();
    w.uint32(ld(1)).string("leaf");
    for (let i = 0; i < depth; i++) w.ldelim().ldelim();
    w.ldelim().ldelim(); // AnyValue, KeyValue
    w.ldelim().ldelim().ldelim(); // Span, ScopeSpans, ResourceSpans
    const body = w.finish();
    const decoded = decodeTraceRequest(body, "protobuf");
    let v: unknown = decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.deep;
    let levels = 0;
    while (Array.isArray(v)) {
      v = v[0];
      levels++;
    }
    expect(v).toBe(NESTING_LIMIT_MARKER);
    expect(levels).toBe(64);
  });

  it("JSON: 10,000 nested kvlists", () => {
    let value = '{"stringValue":"leaf"}';
    for (let i = 0; i < depth; i++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
    const spanJson = `{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}","attributes":[{"key":"deep","value":${value}}]}`;
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[${spanJson}]}]}]}`;
    const decoded = decodeTraceRequest(utf8.encode(text), "json");
    let v: unknown = decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.deep;
    let levels = 0;
    while (typeof v === "object" && v !== null) {
      v = (v as Record<string, unknown>).k;
      levels++;
    }
    expect(v).toBe(NESTING_LIMIT_MARKER);
    expect(levels).toBe(64);
  });
});

describe.each(FORMATS)("per-span rejections (%s): the rest of the batch still maps", (format) => {
  const cases: [string, Parameters<typeof span>[0], RegExp][] = [
    ["missing trace id", { traceId: "" }, /trace id is missing/],
    ["all-zero trace id", { traceId: "0".repeat(32) }, /trace id is all zeros/],
    ["short trace id", { traceId: "abcd" }, /trace id "abcd" is not 32 hex characters/],
    ["all-zero span id", { spanId: "0".repeat(16) }, /span id is all zeros/],
    ["short parent id", { parentSpanId: "abcdef" }, /parent span id "abcdef" is not 16 hex characters/],
    ["end before start", { startTimeUnixNano: NOW_NS - 1000n, endTimeUnixNano: NOW_NS - 2000n }, /end time is before start time/],
    ["1970 timestamps", { startTimeUnixNano: 1_000n, endTimeUnixNano: 2_000n }, /start time 1970-01-01T00:00:00.000Z is before 2000-01-01/],
    ["a start two days ahead", { startTimeUnixNano: NOW_NS + 172_800_000_000_000n, endTimeUnixNano: NOW_NS + 172_800_000_000_001n }, /is in the future/],
    ["a missing end time", { endTimeUnixNano: 0n }, /end time is missing/],
  ];
  it.each(cases)("%s", (_name, overrides, reason) => {
    const bad = span({ name: "the bad one", ...overrides });
    const good = span({ name: "the good one" });
    const result = ingest(request([bad, good]), format);
    expect(result.spans.map((s) => s.name)).toEqual(["the good one"]);
    expect(result.rejected.count).toBe(1);
    expect(result.rejected.reasons[0]).toMatch(/^span "the bad one"/);
    expect(result.rejected.reasons[0]).toMatch(reason);
  });
});

describe("OTLP/JSON spans of the wrong type are rejected one by one", () => {
  it("non-string ids, non-hex ids, bad times", () => {
    const spans = [
      { traceId: 5, spanId: SPAN_ID, name: "numeric trace id", startTimeUnixNano: "1", endTimeUnixNano: "2" },
      { traceId: "zz".repeat(16), spanId: SPAN_ID, name: "non-hex", startTimeUnixNano: String(NOW_NS - 10n), endTimeUnixNano: String(NOW_NS) },
      { traceId: TRACE_ID, spanId: SPAN_ID, name: "NaN time", startTimeUnixNano: "NaN", endTimeUnixNano: String(NOW_NS) },
      "not a span",
      { traceId: TRACE_ID, spanId: "1111111111111111", name: "fine", startTimeUnixNano: String(NOW_NS - 10_000n), endTimeUnixNano: String(NOW_NS) },
    ];
    const body = utf8.encode(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] }));
    const result = mapTraceRequest(decodeTraceRequest(body, "json"), { projectId: "p", nowUs: NOW_US });
    expect(result.spans.map((s) => s.name)).toEqual(["fine"]);
    expect(result.rejected.count).toBe(4);
    expect(result.rejected.reasons).toEqual([
      expect.stringMatching(/"numeric trace id".*traceId must be a string/),
      expect.stringMatching(/"non-hex".*is not 32 hex characters/),
      expect.stringMatching(/"NaN time".*startTimeUnixNano must be an unsigned integer/),
      expect.stringMatching(/span is not a JSON object/),
    ]);
  });

  it("malformed attribute values never drop a span", () => {
    const attributes = [
      { key: "a", value: { intValue: "twelve" } },
      { key: "b", value: { stringValue: { nested: true } } },
      { key: "c", value: { arrayValue: "nope" } },
      { key: "d", value: "bare" },
      { key: 7, value: { stringValue: "key is not a string" } },
      { key: "gen_ai.input.messages", value: { stringValue: "[{not json" } },
      { key: "gen_ai.usage.input_tokens", value: { stringValue: "many" } },
    ];
    const spanJson = { traceId: TRACE_ID, spanId: SPAN_ID, name: "x", startTimeUnixNano: String(NOW_NS - 10n), endTimeUnixNano: String(NOW_NS), attributes };
    const body = utf8.encode(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [spanJson] }] }] }));
    const result = mapTraceRequest(decodeTraceRequest(body, "json"), { projectId: "p", nowUs: NOW_US });
    expect(result.rejected.count).toBe(0);
    const s = result.spans[0]!;
    expect(s.attributes).toMatchObject({ a: "twelve", b: '{"nested":true}', c: [], d: "bare" });
    expect(s.input).toBe("[{not json");
    expect(s.usage.input).toBe(0);
  });
});

describe("sizes and duplicates", () => {
  it("a huge string is truncated with a visible marker and a warning; the span is kept", () => {
    const huge = "x".repeat(3 * 1024 * 1024);
    const result = ingest(request([span({ name: "big", attributes: { "input.value": huge, small: "ok" } })]));
    const s = result.spans[0]!;
    expect(typeof s.input).toBe("string");
    expect((s.input as string).length).toBeLessThanOrEqual(1024 * 1024 + TRUNCATION_MARKER.length);
    expect((s.input as string).endsWith(TRUNCATION_MARKER)).toBe(true);
    // Stored once, as the input; the other attributes are kept.
    expect(s.attributes).toEqual({ small: "ok" });
    expect(result.warnings).toEqual([expect.stringMatching(/input is larger than 1048576 characters and was truncated/)]);
  });

  it("a very long name is cut with the marker", () => {
    const s = ingest(request([span({ name: "n".repeat(5000) })])).spans[0]!;
    expect(s.name.length).toBe(1024);
    expect(s.name.endsWith(TRUNCATION_MARKER)).toBe(true);
  });

  it("a span sent twice in one request is kept once", () => {
    const one = span({ spanId: "cccccccccccccccc", name: "first copy" });
    const result = ingest(request([one, { ...one, name: "second copy" }, span()]));
    expect(result.spans.map((s) => s.name)).toEqual(["first copy", "operation"]);
    expect(result.rejected.count).toBe(0);
    expect(result.warnings).toEqual([expect.stringMatching(/"second copy".*sent more than once/)]);
  });
});
