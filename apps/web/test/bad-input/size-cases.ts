import { expect } from "vitest";
import { DEFAULT_MAPPING_LIMITS, encodeTraceRequest, MAX_ANY_VALUE_DEPTH, NESTING_LIMIT_MARKER, TRUNCATION_MARKER } from "@sightline/core";
import { encoded, freshIds, goodSpan, JSON_TYPE, jsonBody, jsonSpans, PROTOBUF_TYPE, pbSpanOf, type BadInputCase, type StoredSpan } from "./case";
import { anyString, concat, keyValue, nestedAnyValue, pbRequest } from "./wire";

const CAP = DEFAULT_MAPPING_LIMITS.maxFieldChars;
const TRUNCATED = (field: string) => new RegExp(`${field} is larger than ${CAP} characters and was truncated`);

/**
 * Huge, deep and repeated input that is still valid OTLP: everything lands (cut at the
 * limits with a warning where needed), nothing fails, and the companion span lands too.
 */
export function sizeCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const both = (group: string, name: string, attributes: Record<string, unknown>, warning?: RegExp, check?: BadInputCase["check"]) => {
    for (const format of ["json", "protobuf"] as const) {
      const ids = freshIds();
      const bad = goodSpan(ids.traceId, ids.spanId(), "the big one");
      const companion = goodSpan(ids.traceId, ids.spanId());
      cases.push({
        group,
        name: `${name} (${format})`,
        headers: format === "json" ? JSON_TYPE : PROTOBUF_TYPE,
        body: encoded([{ ...bad, attributes }, companion], format),
        status: 200,
        ...(warning ? { reason: warning, rejected: 0 } : {}),
        trace: { traceId: ids.traceId, stored: [bad.spanId, companion.spanId] },
        check,
      });
    }
  };
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`attr.${i}`, `value ${i}`]));
  both("many attributes", "100,000 attributes", many(100_000), TRUNCATED("attributes"), (span) => {
    expect(span.attributes["attr.0"]).toBe("value 0");
    expect(span.attributes[TRUNCATION_MARKER]).toMatch(/^\d+ more keys$/);
  });
  both("many attributes", "10,000 attributes", many(10_000));
  both("huge strings", "a 5 MB attribute value", { big: "x".repeat(5 * 1024 * 1024) }, TRUNCATED("attributes"));
  both("huge strings", "a 4.5 MB input of 3-byte characters", { "input.value": "€".repeat(1_500_000) }, TRUNCATED("input"));
  both("huge strings", "a 2 MB attribute key", { ["k".repeat(2 * 1024 * 1024)]: "v", small: "kept" }, TRUNCATED("attributes"));
  both("huge strings", "a 100 kB model name", { "gen_ai.request.model": "m".repeat(100_000), "gen_ai.operation.name": "chat" }, /model is longer than 1024 characters and was truncated/);
  both("huge strings", "a 1 MB array of numbers", { numbers: Array.from({ length: 300_000 }, (_, i) => i) }, TRUNCATED("attributes"));

  // Fields cut at their limit right inside a surrogate pair (an emoji): span and model
  // names, and service and scope names (a lone surrogate in one row would fail the shared
  // INSERT: 503 for every batched request).
  const emojiCase = (format: "json" | "protobuf", what: string, body: Uint8Array, stored: string[], traceId: string, reason?: RegExp) =>
    cases.push({
      group: "huge strings",
      name: `${what} cut inside an emoji (${format})`,
      headers: format === "json" ? JSON_TYPE : PROTOBUF_TYPE,
      body,
      status: 200,
      ...(reason ? { reason } : {}),
      rejected: 0,
      trace: { traceId, stored },
    });
  for (const format of ["json", "protobuf"] as const) {
    const ids = freshIds();
    const bad = goodSpan(ids.traceId, ids.spanId(), `${"n".repeat(1023)}😀 long name`);
    const companion = goodSpan(ids.traceId, ids.spanId());
    const body = encoded([{ ...bad, attributes: { "gen_ai.request.model": `${"m".repeat(1023)}😀` } }, companion], format);
    emojiCase(format, "span and model names", body, [bad.spanId, companion.spanId], ids.traceId, /name is longer than 1024 characters and was truncated/);

    const other = freshIds();
    const spans = [goodSpan(other.traceId, other.spanId(), "emoji service"), goodSpan(other.traceId, other.spanId())];
    const emoji = `${"s".repeat(1023)}😀 service`;
    const resourceBody = encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": emoji } }, scopeSpans: [{ scope: { name: emoji }, spans }] }] }, format).body;
    emojiCase(format, "service and scope names", resourceBody, spans.map((s) => s.spanId), other.traceId);
  }

  // Nesting 10,000 deep, as AnyValue (both formats) and as raw JSON.
  for (const kind of ["arrays", "kvlists"] as const) {
    for (const format of ["json", "protobuf"] as const) {
      const ids = freshIds();
      const bad = goodSpan(ids.traceId, ids.spanId(), "deep");
      const companion = goodSpan(ids.traceId, ids.spanId());
      const body = format === "json" ? deepJsonBody(bad, kind, 10_000, companion) : deepProtobufBody(bad, kind, 10_000, companion);
      cases.push({
        group: "deep nesting",
        name: `${kind} nested 10,000 deep in an attribute (${format})`,
        headers: format === "json" ? JSON_TYPE : PROTOBUF_TYPE,
        body,
        status: 200,
        trace: { traceId: ids.traceId, stored: [bad.spanId, companion.spanId] },
        check: (span) => expect(depthToMarker(span.attributes.deep)).toBe(MAX_ANY_VALUE_DEPTH),
      });
    }
  }
  {
    const ids = freshIds();
    const [bad, good] = jsonSpans([goodSpan(ids.traceId, ids.spanId(), "raw"), goodSpan(ids.traceId, ids.spanId())]);
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const body = jsonBody([{ ...bad, futureField: "__DEEP__" }, good]).replace('"__DEEP__"', deep);
    cases.push({ group: "deep nesting", name: "raw JSON nested 10,000 deep in an unknown field", headers: JSON_TYPE, body, status: 200, trace: { traceId: ids.traceId, stored: [bad!.spanId as string, good!.spanId as string] } });
    const ids2 = freshIds();
    const [bad2, good2] = jsonSpans([goodSpan(ids2.traceId, ids2.spanId(), "raw bare"), goodSpan(ids2.traceId, ids2.spanId())]);
    const body2 = jsonBody([{ ...bad2, attributes: [{ key: "bare", value: "__DEEP__" }] }, good2]).replace('"__DEEP__"', deep);
    cases.push({ group: "deep nesting", name: "a bare JSON value nested 10,000 deep", headers: JSON_TYPE, body: body2, status: 200, trace: { traceId: ids2.traceId, stored: [bad2!.spanId as string, good2!.spanId as string] } });
    const ids3 = freshIds();
    const [bad3, good3] = jsonSpans([goodSpan(ids3.traceId, ids3.spanId(), "raw string value"), goodSpan(ids3.traceId, ids3.spanId())]);
    const body3 = jsonBody([{ ...bad3, attributes: [{ key: "s", value: { stringValue: "__DEEP__" } }] }, good3]).replace('"__DEEP__"', `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`);
    cases.push({ group: "deep nesting", name: "a stringValue that is an object nested 200,000 deep", headers: JSON_TYPE, body: body3, status: 200, trace: { traceId: ids3.traceId, stored: [bad3!.spanId as string, good3!.spanId as string] } });
  }

  // Duplicates: the same span twice in one batch (and across resources) is stored once, with a warning.
  for (const format of ["json", "protobuf"] as const) {
    const ids = freshIds();
    const twice = goodSpan(ids.traceId, ids.spanId(), "sent twice");
    const other = goodSpan(ids.traceId, ids.spanId());
    cases.push({
      group: "duplicates",
      name: `a span twice in one batch (${format})`,
      headers: format === "json" ? JSON_TYPE : PROTOBUF_TYPE,
      body: encoded([twice, { ...twice, name: "second copy" }, other], format),
      status: 200,
      reason: /"second copy".*sent more than once in this request; kept the first copy/,
      rejected: 0,
      trace: { traceId: ids.traceId, stored: [twice.spanId, other.spanId] },
    });
  }
  {
    const ids = freshIds();
    const [span] = jsonSpans([goodSpan(ids.traceId, ids.spanId(), "in two resources")]);
    const body = JSON.stringify({ resourceSpans: [0, 1].map(() => ({ resource: { attributes: [] }, scopeSpans: [{ spans: [span] }] })) });
    cases.push({ group: "duplicates", name: "a span in two resources of one batch", headers: JSON_TYPE, body, status: 200, reason: /sent more than once/, rejected: 0, trace: { traceId: ids.traceId, stored: [span!.spanId as string] } });
  }
  {
    const ids = freshIds();
    const spans = Array.from({ length: 50 }, () => goodSpan(ids.traceId, "d".repeat(16), "fifty copies"));
    cases.push({ group: "duplicates", name: "fifty copies of one span", headers: PROTOBUF_TYPE, body: encoded(spans, "protobuf"), status: 200, reason: /sent more than once.*… and \d+ more warnings/, rejected: 0, trace: { traceId: ids.traceId, stored: ["d".repeat(16)] } });
  }

  // Text that is not valid UTF-8 / UTF-16 inside JSON strings: replaced, the span is kept.
  const replaced = /^name \uFFFD+$/;
  const utf8Cases: [string, (body: string) => Uint8Array | string, RegExp][] = [
    ["invalid UTF-8 bytes inside a JSON string", (b) => splice(b, "__X__", [0xff, 0xfe, 0x80]), replaced],
    ["an overlong encoding inside a JSON string", (b) => splice(b, "__X__", [0xc0, 0xaf]), replaced],
    ["a UTF-8-encoded surrogate inside a JSON string", (b) => splice(b, "__X__", [0xed, 0xa0, 0x80]), replaced],
    ["a lone high surrogate escape", (b) => b.replaceAll("__X__", "\\ud800"), replaced],
    ["a lone low surrogate escape", (b) => b.replaceAll("__X__", "\\udc00"), replaced],
    ["reversed surrogate escapes", (b) => b.replaceAll("__X__", "\\udc00\\ud800"), replaced],
    ["a NUL escape", (b) => b.replaceAll("__X__", "\\u0000"), /^name \u0000$/],
    ["a byte-order mark before the body", (b) => concat([Uint8Array.from([0xef, 0xbb, 0xbf]), new TextEncoder().encode(b)]), /^name __X__$/],
  ];
  for (const [name, corrupt, storedName] of utf8Cases) {
    const ids = freshIds();
    const [bad, good] = jsonSpans([goodSpan(ids.traceId, ids.spanId(), "name __X__"), goodSpan(ids.traceId, ids.spanId())]);
    const withText = { ...bad, attributes: [{ key: "key __X__", value: { stringValue: "value __X__" } }] };
    cases.push({
      group: "text encoding",
      name,
      headers: JSON_TYPE,
      body: corrupt(jsonBody([withText, good])),
      status: 200,
      trace: { traceId: ids.traceId, stored: [bad!.spanId as string, good!.spanId as string] },
      // Whatever was not valid text became U+FFFD; the rest of the string is intact.
      check: (span: StoredSpan) => expect(span.name).toMatch(storedName),
    });
  }
  return cases;
}

/** Levels of arrays / single-key objects above the nesting marker. */
function depthToMarker(value: unknown): number {
  let levels = 0;
  let v = value;
  while (typeof v === "object" && v !== null) {
    v = Array.isArray(v) ? v[0] : (v as Record<string, unknown>).k;
    levels++;
  }
  expect(v).toBe(NESTING_LIMIT_MARKER);
  return levels;
}

/** Replaces every `marker` in the UTF-8 text with raw bytes. */
function splice(text: string, marker: string, bytes: number[]): Uint8Array {
  const parts = text.split(marker).map((p) => new TextEncoder().encode(p));
  return concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Uint8Array.from(bytes), p])));
}

function deepJsonBody(bad: ReturnType<typeof goodSpan>, kind: "arrays" | "kvlists", depth: number, companion: ReturnType<typeof goodSpan>): string {
  const [badJson, goodJson] = jsonSpans([bad, companion]);
  const open = kind === "arrays" ? '{"arrayValue":{"values":[' : '{"kvlistValue":{"values":[{"key":"k","value":';
  const close = kind === "arrays" ? "]}}" : "}]}}";
  const value = `${open.repeat(depth)}{"stringValue":"leaf"}${close.repeat(depth)}`;
  return jsonBody([{ ...badJson, attributes: [{ key: "deep", value: "__DEEP__" }] }, goodJson]).replace('"__DEEP__"', value);
}

function deepProtobufBody(bad: ReturnType<typeof goodSpan>, kind: "arrays" | "kvlists", depth: number, companion: ReturnType<typeof goodSpan>): Uint8Array {
  return pbRequest([pbSpanOf(bad, { attributes: [keyValue("deep", nestedAnyValue(kind, depth, anyString("leaf")))] }), pbSpanOf(companion)]);
}

