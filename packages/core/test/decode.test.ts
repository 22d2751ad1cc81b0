import { describe, expect, it } from "vitest";
import protobuf from "protobufjs";
import { decodeTraceRequest, encodeTraceRequest, type OtlpFormat } from "../src/index";
import { FORMATS, NOW_NS, request, span, SPAN_ID, TRACE_ID } from "./support/build";

const utf8 = new TextEncoder();
const json = (value: unknown): Uint8Array => utf8.encode(JSON.stringify(value));

describe.each(FORMATS)("decodeTraceRequest (%s, from our encoder)", (format: OtlpFormat) => {
  it("keeps ids, times, names, kind, status, scope, resource, events and links", () => {
    const body = encodeTraceRequest(
      request(
        [
          span({
            traceId: TRACE_ID,
            spanId: SPAN_ID,
            parentSpanId: "00f067aa0ba902b7",
            name: "chat gpt-4o",
            kind: 3,
            startTimeUnixNano: 1_717_243_200_123_456_789n,
            endTimeUnixNano: 1_717_243_201_987_654_321n,
            status: { code: 2, message: "boom" },
            events: [{ timeUnixNano: 1_717_243_200_500_000_000n, name: "exception", attributes: { "exception.message": "boom" } }],
            links: [{ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b8", attributes: { why: "retry" } }],
            flags: 0x101,
          }),
        ],
        { "service.name": "checkout" },
      ),
      format,
    ).body;
    const decoded = decodeTraceRequest(body, format);
    const rs = decoded.resourceSpans[0]!;
    expect(rs.resource.attributes).toEqual({ "service.name": "checkout" });
    expect(rs.scopeSpans[0]!.scope).toEqual({ name: "test-scope", version: "1.0.0", attributes: {} });
    const s = rs.scopeSpans[0]!.spans[0]!;
    expect(s).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      parentSpanId: "00f067aa0ba902b7",
      name: "chat gpt-4o",
      kind: 3,
      startTimeUnixNano: 1_717_243_200_123_456_789n,
      endTimeUnixNano: 1_717_243_201_987_654_321n,
      status: { code: 2, message: "boom" },
      flags: 0x101,
    });
    expect(s.events).toEqual([{ timeUnixNano: 1_717_243_200_500_000_000n, name: "exception", attributes: { "exception.message": "boom" } }]);
    expect(s.links).toEqual([{ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b8", traceState: "", attributes: { why: "retry" } }]);
    expect(s.invalid).toBeUndefined();
  });

  it("decodes every AnyValue kind to plain values", () => {
    const body = encodeTraceRequest(
      request([
        span({
          attributes: {
            string: "héllo ✓",
            emptyString: "",
            bool: false,
            int: 42,
            negative: -7,
            bigInt: 9_007_199_254_740_993n,
            double: 0.25,
            array: ["a", 1, true, null, 1.5],
            kvlist: { inner: { deeper: ["x"] }, n: 1 },
            bytes: new Uint8Array([0, 1, 254, 255]),
            empty: null,
          },
        }),
      ]),
      format,
    ).body;
    const attrs = decodeTraceRequest(body, format).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes;
    expect(attrs).toEqual({
      string: "héllo ✓",
      emptyString: "",
      bool: false,
      int: 42,
      negative: -7,
      bigInt: "9007199254740993",
      double: 0.25,
      array: ["a", 1, true, null, 1.5],
      kvlist: { inner: { deeper: ["x"] }, n: 1 },
      bytes: "AAH+/w==",
      empty: null,
    });
  });

  it("decodes an empty request to no spans", () => {
    const body = encodeTraceRequest({ resourceSpans: [] }, format).body;
    expect(decodeTraceRequest(body, format)).toEqual({ resourceSpans: [] });
  });
});

describe("decodeTraceRequest: OTLP/JSON specifics", () => {
  const base = {
    traceId: TRACE_ID.toUpperCase(),
    spanId: SPAN_ID,
    name: "s",
    startTimeUnixNano: String(NOW_NS - 1000n),
    endTimeUnixNano: String(NOW_NS),
  };
  const one = (spanJson: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    decodeTraceRequest(json({ resourceSpans: [{ scopeSpans: [{ spans: [{ ...base, ...spanJson }] }] }], ...extra }), "json").resourceSpans[0]!
      .scopeSpans[0]!.spans[0]!;

  it("lowercases hex ids and accepts base64 ids of the right length", () => {
    expect(one({}).traceId).toBe(TRACE_ID);
    const b64 = one({ traceId: "CvdlGRbNQ92ESOshHIAxnA==", spanId: "t61rcWkgMzE=" });
    expect(b64.traceId).toBe(TRACE_ID);
    expect(b64.spanId).toBe(SPAN_ID);
  });

  it("accepts 64-bit integers as strings or numbers, and enums as integers or names", () => {
    const s = one({
      startTimeUnixNano: 1_700_000_000_000_000_000,
      kind: "SPAN_KIND_CLIENT",
      status: { code: "STATUS_CODE_ERROR", message: "m" },
      attributes: [
        { key: "asString", value: { intValue: "12" } },
        { key: "asNumber", value: { intValue: 12 } },
        { key: "huge", value: { intValue: "-9223372036854775808" } },
        { key: "nan", value: { doubleValue: "NaN" } },
        { key: "inf", value: { doubleValue: "Infinity" } },
        { key: "dbl", value: { doubleValue: "2.5" } },
      ],
    });
    expect(s.startTimeUnixNano).toBe(1_700_000_000_000_000_000n);
    expect(s.kind).toBe(3);
    expect(s.status).toEqual({ code: 2, message: "m" });
    expect(s.attributes).toEqual({ asString: 12, asNumber: 12, huge: "-9223372036854775808", nan: "NaN", inf: "Infinity", dbl: 2.5 });
  });

  it("ignores unknown fields and accepts proto field names", () => {
    const decoded = decodeTraceRequest(
      json({
        somethingNew: { a: 1 },
        resource_spans: [
          {
            resource: { attributes: [{ key: "service.name", value: { string_value: "svc" } }], future: true },
            scope_spans: [{ spans: [{ trace_id: TRACE_ID, span_id: SPAN_ID, name: "x", start_time_unix_nano: "1", end_time_unix_nano: "2", extra: [1] }] }],
          },
        ],
      }),
      "json",
    );
    const s = decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(decoded.resourceSpans[0]!.resource.attributes).toEqual({ "service.name": "svc" });
    expect(s).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, startTimeUnixNano: 1n, endTimeUnixNano: 2n });
  });

  it("keeps an attribute named __proto__ as an own property", () => {
    const s = one({ attributes: [{ key: "__proto__", value: { stringValue: "x" } }] });
    expect(Object.getPrototypeOf(s.attributes)).toBe(Object.prototype);
    expect(Object.keys(s.attributes)).toEqual(["__proto__"]);
  });
});

describe("decodeTraceRequest: protobuf wire details", () => {
  const ld = (field: number) => (field << 3) | 2;
  /** A request with one span whose body is written by `spanBody` (protobufjs' Writer, an independent encoder). */
  const oneSpan = (spanBody: (w: protobuf.Writer) => void, extraTop?: (w: protobuf.Writer) => void): Uint8Array => {
    const w = protobuf.Writer.create();
    w.uint32(ld(1)).fork().uint32(ld(2)).fork().uint32(ld(2)).fork();
    w.uint32(ld(1)).bytes(Buffer.from(TRACE_ID, "hex")).uint32(ld(2)).bytes(Buffer.from(SPAN_ID, "hex"));
    spanBody(w);
    w.ldelim().ldelim().ldelim();
    extraTop?.(w);
    return w.finish();
  };
  const decodedSpan = (body: Uint8Array) => decodeTraceRequest(body, "protobuf").resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
  const attribute = (w: protobuf.Writer, key: string, value: (w: protobuf.Writer) => void) => {
    w.uint32(ld(9)).fork().uint32(ld(1)).string(key).uint32(ld(2)).fork();
    value(w);
    w.ldelim().ldelim();
  };
  /** One unknown field of each wire type (varint, fixed64, length-delimited, a group with content, fixed32). */
  const unknownFields = (w: protobuf.Writer) => {
    w.uint32((900 << 3) | 0).uint64("9223372036854775813");
    w.uint32((901 << 3) | 1).fixed64(7);
    w.uint32(ld(902)).string("future text");
    w.uint32((903 << 3) | 3).uint32((1 << 3) | 0).uint32(5).uint32((2 << 3) | 3).uint32((1 << 3) | 4).uint32((903 << 3) | 4);
    w.uint32((904 << 3) | 5).fixed32(9);
  };

  it("keeps int64 values outside the safe range as exact decimal strings, and fixed64 times above 2^53 exactly", () => {
    const span = decodedSpan(
      oneSpan((w) => {
        w.uint32((7 << 3) | 1).fixed64("18446744073709551615");
        w.uint32((8 << 3) | 1).fixed64("9007199254740993");
        attribute(w, "min", (v) => v.uint32((3 << 3) | 0).int64("-9223372036854775808"));
        attribute(w, "negative", (v) => v.uint32((3 << 3) | 0).int64(-5));
        attribute(w, "above", (v) => v.uint32((3 << 3) | 0).int64("9007199254740993"));
        attribute(w, "largeSafe", (v) => v.uint32((3 << 3) | 0).int64(-(2 ** 53 - 1)));
        attribute(w, "nan", (v) => v.uint32((4 << 3) | 1).double(NaN));
      }),
    );
    expect(span.startTimeUnixNano).toBe(18446744073709551615n);
    expect(span.endTimeUnixNano).toBe(9007199254740993n);
    expect(span.attributes).toEqual({ min: "-9223372036854775808", negative: -5, above: "9007199254740993", largeSafe: -(2 ** 53 - 1), nan: "NaN" });
  });

  it("reads a negative enum (a ten-byte varint), takes the last of several AnyValue fields, and keeps invalid UTF-8 as U+FFFD", () => {
    const span = decodedSpan(
      oneSpan((w) => {
        w.uint32((6 << 3) | 0).int32(-1);
        attribute(w, "last wins", (v) => v.uint32(ld(1)).string("text").uint32((2 << 3) | 0).bool(true));
        w.uint32(ld(5)).bytes(Uint8Array.from([0x6e, 0xff, 0x6d]));
      }),
    );
    expect(span.kind).toBe(-1);
    expect(span.attributes).toEqual({ "last wins": true });
    expect(span.name).toBe("n\ufffdm");
  });

  it("skips unknown fields of every wire type, groups included, at every level", () => {
    const span = decodedSpan(
      oneSpan(
        (w) => {
          unknownFields(w);
          w.uint32(ld(5)).string("named after unknown fields");
          attribute(w, "k", (v) => {
            unknownFields(v);
            v.uint32(ld(1)).string("v");
          });
        },
        unknownFields,
      ),
    );
    expect(span).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, name: "named after unknown fields", attributes: { k: "v" } });
  });

  it("refuses unknown groups nested too deeply, with the reason", () => {
    const w = protobuf.Writer.create();
    for (let i = 0; i < 10_000; i++) w.uint32((900 << 3) | 3);
    expect(() => decodeTraceRequest(w.finish(), "protobuf")).toThrowError(/not a valid protobuf ExportTraceServiceRequest: groups nested more than 64 deep/);
  });
});
