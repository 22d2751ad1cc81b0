import { describe, expect, it } from "vitest";
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
