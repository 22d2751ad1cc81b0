import { describe, expect, it } from "vitest";
import {
  checkExportEnvelope,
  decodeExportResponse,
  decodeRpcStatus,
  decodeTraceRequest,
  encodeRpcStatus,
  encodeTraceRequest,
  encodeTraceResponse,
  mapTraceRequest,
  OtlpDecodeError,
  TRUNCATION_MARKER,
} from "../src/index";
import { FORMATS, NOW_NS, NOW_US, request, span, SPAN_ID, TRACE_ID } from "./support/build";

const utf8 = new TextEncoder();
const json = (value: unknown) => utf8.encode(JSON.stringify(value));

describe.each(FORMATS)("answers round-trip (%s)", (format) => {
  it("an empty and a partial ExportTraceServiceResponse", () => {
    expect(decodeExportResponse(encodeTraceResponse(format).body, format)).toEqual({});
    const partial = encodeTraceResponse(format, { rejectedSpans: 3, errorMessage: "3 spans rejected: …" });
    expect(decodeExportResponse(partial.body, format)).toEqual({ partialSuccess: { rejected: 3, errorMessage: "3 spans rejected: …" } });
    const warning = encodeTraceResponse(format, { rejectedSpans: 0, errorMessage: "input was truncated" });
    expect(decodeExportResponse(warning.body, format)).toEqual({ partialSuccess: { rejected: 0, errorMessage: "input was truncated" } });
  });

  it("a google.rpc.Status with a BadRequest detail", () => {
    const body = encodeRpcStatus(format, { code: 3, message: "bad", fieldViolations: [{ field: "resourceSpans", description: "must be an array" }] });
    expect(decodeRpcStatus(body.body, format)).toEqual({ code: 3, message: "bad", fieldViolations: [{ field: "resourceSpans", description: "must be an array" }] });
    expect(decodeRpcStatus(encodeRpcStatus(format, { code: 14, message: "busy" }).body, format)).toEqual({ code: 14, message: "busy", fieldViolations: [] });
  });
});

describe("OTLP/JSON BadRequest detail as proto3 JSON", () => {
  it("uses the Any form with @type", () => {
    const text = new TextDecoder().decode(encodeRpcStatus("json", { code: 3, message: "m", fieldViolations: [{ field: "body", description: "d" }] }).body);
    expect(JSON.parse(text)).toEqual({ code: 3, message: "m", details: [{ "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: [{ field: "body", description: "d" }] }] });
  });
});

describe("metrics and logs envelopes", () => {
  it.each([
    ["metrics", { resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ metrics: [{ name: "m" }] }] }] }],
    ["logs", { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { stringValue: "x" } }] }] }] }],
    ["metrics", {}],
    ["logs", { resourceLogs: [] }],
  ] as const)("accepts a well-formed %s request", (signal, body) => {
    expect(() => checkExportEnvelope(signal, json(body), "json")).not.toThrow();
  });

  it.each([
    ["metrics", "[]", /must be a JSON object/],
    ["metrics", '{"resourceMetrics": {}}', /resourceMetrics must be an array/],
    ["logs", '{"resourceLogs": [5]}', /resourceLogs\[0\] must be an object/],
    ["logs", '{"resourceLogs": [{"scopeLogs": [{"logRecords": "x"}]}]}', /resourceLogs\[0\].scopeLogs\[0\].logRecords must be an array/],
    ["logs", "{not json", /not valid JSON/],
  ] as const)("refuses %s JSON %s", (signal, text, reason) => {
    expect(() => checkExportEnvelope(signal, utf8.encode(text), "json")).toThrowError(reason);
  });

  it("checks protobuf bodies down to the scopes, without decoding the records", () => {
    // resource_logs (1) → scope_logs (2) → log_records (2) holding bytes that are no LogRecord.
    const ok = Uint8Array.from([0x0a, 0x06, 0x12, 0x04, 0x12, 0x02, 0xff, 0xff]);
    expect(() => checkExportEnvelope("logs", ok, "protobuf")).not.toThrow();
    expect(() => checkExportEnvelope("metrics", ok.subarray(0, 5), "protobuf")).toThrowError(OtlpDecodeError);
    expect(() => checkExportEnvelope("metrics", ok.subarray(0, 5), "protobuf")).toThrowError(/ExportMetricsServiceRequest/);
  });
});

describe("strict protobuf strings", () => {
  it("a string whose length runs past the end of the body is an error, not a clamp", () => {
    // request → resource_spans → scope_spans → span { name: length 100, then one byte }: every
    // message length is consistent, only the name runs out (protobufjs' Node reader clamped it).
    const span = [0x2a, 0x64, 0x41];
    const body = Buffer.from([0x0a, 0x07, 0x12, 0x05, 0x12, 0x03, ...span]);
    expect(() => decodeTraceRequest(body, "protobuf")).toThrowError(/a length runs past the end/);
  });

  it("invalid UTF-8 becomes U+FFFD", () => {
    const body = encodeTraceRequest(request([span({ name: "NAME" })]), "protobuf").body;
    const bytes = Uint8Array.from(body);
    const at = Buffer.from(bytes).indexOf("NAME");
    bytes.set([0x41, 0xff, 0xc0, 0x41], at);
    const decoded = decodeTraceRequest(bytes, "protobuf");
    expect(decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.name).toBe("A\uFFFD\uFFFDA");
  });
});

describe("OTLP/JSON text and dropped parts", () => {
  const base = { traceId: TRACE_ID, spanId: SPAN_ID, startTimeUnixNano: String(NOW_NS - 10n), endTimeUnixNano: String(NOW_NS) };
  const decodeSpan = (spanJson: Record<string, unknown>) => decodeTraceRequest(json({ resourceSpans: [{ scopeSpans: [{ spans: [spanJson] }] }] }), "json");

  it("lone surrogates become U+FFFD in names, keys and values", () => {
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}","name":"a\\ud800b","attributes":[{"key":"k\\udc00","value":{"stringValue":"\\udc00\\ud800"}}]}]}]}]}`;
    const s = decodeTraceRequest(utf8.encode(text), "json").resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(s.name).toBe("a\uFFFDb");
    expect(s.attributes).toEqual({ "k\uFFFD": "\uFFFD\uFFFD" });
  });

  it("notes what it dropped, once per kind, naming the first span", () => {
    const decoded = decodeSpan({
      ...base,
      name: "noisy",
      attributes: [null, { key: 5 }, { key: "ok", value: { stringValue: "kept" } }, { key: "odd", value: { decimalValue: "1" } }],
      events: ["x", { name: "e", timeUnixNano: String(NOW_NS) }],
      status: "ERROR",
    });
    expect(decoded.warnings).toEqual([
      '2 attributes that are not {key, value} objects with a string key were dropped (first in span "noisy" (span "b7ad6b7169203331"))',
      '1 attribute values of no known AnyValue kind were stored as null (first in span "noisy" (span "b7ad6b7169203331"))',
      '1 events that are not objects were dropped (first in span "noisy" (span "b7ad6b7169203331"))',
      '1 span statuses that are not objects were read as unset (first in span "noisy" (span "b7ad6b7169203331"))',
    ]);
    const s = decoded.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(s.attributes).toEqual({ ok: "kept", odd: null });
    expect(s.events.map((e) => e.name)).toEqual(["e"]);
  });

  it("a clean request has no warnings; the empty AnyValue is not noted", () => {
    expect(decodeSpan({ ...base, name: "clean", attributes: [{ key: "empty", value: {} }] }).warnings).toBeUndefined();
  });

  it("an object nested too deeply to serialize, where a string belongs, becomes the marker", () => {
    const deep = `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`;
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"${SPAN_ID}","attributes":[{"key":"s","value":{"stringValue":${deep}}}]}]}]}]}`;
    const value = decodeTraceRequest(utf8.encode(text), "json").resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.s;
    expect(value).toMatch(/nested too deeply/);
  });
});

describe("truncation keeps within the cap", () => {
  const limits = { maxFieldChars: 100, maxLightChars: 40 };
  const mapOne = (attributes: Record<string, unknown>, name = "n") =>
    mapTraceRequest(decodeTraceRequest(encodeTraceRequest(request([span({ name, attributes })]), "json").body, "json"), { projectId: "p", nowUs: NOW_US, limits });

  it("never splits a surrogate pair", () => {
    // The cut falls right after the first emoji's high surrogate.
    const result = mapOne({}, `${"a".repeat(40 - TRUNCATION_MARKER.length - 1)}${"😀".repeat(20)}`);
    const name = result.spans[0]!.name;
    expect(name.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect((name as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
  });

  it("a key longer than the cap is not kept", () => {
    const result = mapOne({ ["k".repeat(500)]: "v" });
    expect(Object.keys(result.spans[0]!.attributes)).toEqual([TRUNCATION_MARKER]);
    expect(result.warnings).toEqual([expect.stringMatching(/attributes is larger than 100 characters and was truncated/)]);
  });

  it("a cut string fits the cap, marker included", () => {
    const result = mapOne({ "input.value": "x".repeat(1000) });
    expect((result.spans[0]!.input as string).length).toBeLessThanOrEqual(100);
    expect((result.spans[0]!.input as string).endsWith(TRUNCATION_MARKER)).toBe(true);
  });
});
