import { freshIds, goodSpan, JSON_TYPE, jsonBody, jsonSpans, type BadInputCase } from "./case";

const UNDECODABLE = "Cannot decode the OTLP json body: ";

/** Bodies that are not JSON, or not shaped like a request: 400, nothing stored. */
export function malformedJsonCases(): BadInputCase[] {
  const notJson: [string, string | Uint8Array][] = [
    ["an empty body", ""],
    ["an unterminated object", '{"resourceSpans": ['],
    ["a bracket mismatch", '{"resourceSpans":[}'],
    ["a trailing comma", '{"resourceSpans":[],}'],
    ["single quotes", "{'resourceSpans':[]}"],
    ["a comment", '{"resourceSpans":[] /* hi */}'],
    ["two objects", '{"resourceSpans":[]}{"resourceSpans":[]}'],
    ["a NaN literal", '{"resourceSpans": NaN}'],
    ["an Infinity literal", '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano": Infinity}]}]}]}'],
    ["a bare word", "resourceSpans"],
    ["UTF-16 text", new Uint8Array(Buffer.from('{"resourceSpans":[]}', "utf16le"))],
    ["invalid UTF-8 between tokens", Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d])],
    ["a control character in a string", '{"resourceSpans":[{"schemaUrl":"a\u0001b"}]}'],
    ["a bad escape", '{"resourceSpans":[{"schemaUrl":"\\x41"}]}'],
  ];
  const cases: BadInputCase[] = notJson.map(([name, body]) => ({
    group: "malformed JSON",
    name,
    headers: JSON_TYPE,
    body,
    status: 400,
    reason: new RegExp(`^${UNDECODABLE}body is not valid JSON`),
  }));

  const wrongShape: [string, string, RegExp][] = [
    ["the body is null", "null", /body must be a JSON object/],
    ["the body is an array", "[]", /body must be a JSON object/],
    ["the body is a number", "42", /body must be a JSON object/],
    ["the body is a string", '"resourceSpans"', /body must be a JSON object/],
    ["the body is true", "true", /body must be a JSON object/],
    ["resourceSpans is an object", '{"resourceSpans":{}}', /resourceSpans must be an array/],
    ["resourceSpans is a string", '{"resourceSpans":"[]"}', /resourceSpans must be an array/],
    ["resourceSpans is a number", '{"resourceSpans":1}', /resourceSpans must be an array/],
    ["resourceSpans is true", '{"resourceSpans":true}', /resourceSpans must be an array/],
    ["a resourceSpans item is a string", '{"resourceSpans":["x"]}', /resourceSpans\[0\] must be an object/],
    ["a resourceSpans item is an array", '{"resourceSpans":[[]]}', /resourceSpans\[0\] must be an object/],
    ["a resourceSpans item is null", '{"resourceSpans":[{}, null]}', /resourceSpans\[1\] must be an object/],
    ["resource is an array", '{"resourceSpans":[{"resource":[]}]}', /resourceSpans\[0\].resource must be an object/],
    ["resource is a string", '{"resourceSpans":[{"resource":"svc"}]}', /resourceSpans\[0\].resource must be an object/],
    ["scopeSpans is an object", '{"resourceSpans":[{"scopeSpans":{}}]}', /resourceSpans\[0\].scopeSpans must be an array/],
    ["scopeSpans is a number", '{"resourceSpans":[{"scopeSpans":3}]}', /resourceSpans\[0\].scopeSpans must be an array/],
    ["a scopeSpans item is a number", '{"resourceSpans":[{"scopeSpans":[1]}]}', /resourceSpans\[0\].scopeSpans\[0\] must be an object/],
    ["scope is a string", '{"resourceSpans":[{"scopeSpans":[{"scope":"lib"}]}]}', /scopeSpans\[0\].scope must be an object/],
    ["spans is an object", '{"resourceSpans":[{"scopeSpans":[{"spans":{}}]}]}', /scopeSpans\[0\].spans must be an array/],
    ["spans is a string", '{"resourceSpans":[{"scopeSpans":[{"spans":"x"}]}]}', /scopeSpans\[0\].spans must be an array/],
    ["resourceSpans nested 10,000 deep", `{"resourceSpans":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, /resourceSpans\[0\] must be an object/],
  ];
  for (const [name, body, reason] of wrongShape) {
    cases.push({ group: "JSON of the wrong shape", name, headers: JSON_TYPE, body, status: 400, reason: new RegExp(`^${UNDECODABLE}.*${reason.source}`) });
  }

  // A structural error anywhere fails the whole request: its valid span is not stored either.
  const ids = freshIds();
  const [good] = jsonSpans([goodSpan(ids.traceId, ids.spanId())]);
  cases.push({
    group: "JSON of the wrong shape",
    name: "a valid span next to a scopeSpans that is not a list",
    headers: JSON_TYPE,
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [good] }] }, { scopeSpans: 5 }] }),
    status: 400,
    reason: /resourceSpans\[1\].scopeSpans must be an array/,
    trace: { traceId: ids.traceId, stored: [] },
  });
  return cases;
}

type Mutation = (span: Record<string, unknown>) => unknown;

/** The warnings (rejected 0) for parts of a span the decoder could not read; each names the span. */
const WARN = {
  STATUS: /^1 span statuses that are not objects were read as unset \(first in span "the bad one"/,
  LIST: /^1 attribute lists that are not arrays were ignored \(first in span "the bad one"/,
  ENTRY: /^[12] attributes that are not \{key, value\} objects with a string key were dropped \(first in span "the bad one"/,
  KIND: /^1 attribute values of no known AnyValue kind were stored as null \(first in span "the bad one"/,
  EVENTS: /^1 event lists that are not arrays were ignored/,
  EVENT: /^3 events that are not objects were dropped/,
};

/**
 * A bad span next to a good one, in one OTLP/JSON request: the bad one is rejected with a
 * reason (`reject`) or kept as well as it can be (no reject), the good one always lands.
 */
export function jsonSpanCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const add = (group: string, name: string, mutate: Mutation, reject?: RegExp, raw?: (body: string) => string, warning?: RegExp) => {
    const ids = freshIds();
    const badId = ids.spanId();
    const [bad, good] = jsonSpans([goodSpan(ids.traceId, badId, "the bad one"), goodSpan(ids.traceId, ids.spanId())]);
    const body = jsonBody([mutate(bad!), good]);
    cases.push({
      group,
      name,
      headers: JSON_TYPE,
      body: raw ? raw(body) : body,
      status: 200,
      ...(reject ? { reason: reject, rejected: 1 } : warning ? { reason: warning, rejected: 0 } : {}),
      trace: { traceId: ids.traceId, stored: reject ? [good!.spanId as string] : [badId, good!.spanId as string] },
    });
  };
  const set = (field: string, value: unknown): Mutation => (s) => ({ ...s, [field]: value });

  // The span itself is not an object.
  for (const [what, value] of [["a string", "span"], ["a number", 7], ["null", null], ["an array", []], ["true", true]] as const) {
    add("JSON spans of the wrong type", `the span is ${what}`, () => value, /span is not a JSON object/);
  }
  // Ids and names of the wrong type or form.
  const rejected: [string, string, unknown, RegExp][] = [
    ["traceId", "a number", 123, /traceId must be a string/],
    ["traceId", "true", true, /traceId must be a string/],
    ["traceId", "an object", { hex: "ab" }, /traceId must be a string/],
    ["traceId", "an array", ["ab"], /traceId must be a string/],
    ["traceId", "null", null, /trace id is missing/],
    ["traceId", "31 hex characters", "a".repeat(31), /trace id "a{31}" is not 32 hex characters/],
    ["traceId", "33 hex characters", "a".repeat(33), /trace id "a{33}" is not 32 hex characters/],
    ["traceId", "64 hex characters", "a".repeat(64), /trace id "a{40}…" is not 32 hex characters/],
    ["traceId", "32 characters, not hex", "g".repeat(32), /trace id "g{32}" is not 32 hex characters/],
    ["traceId", "hex with a 0x prefix", `0x${"a".repeat(30)}`, /is not 32 hex characters/],
    ["traceId", "hex with spaces", ` ${"a".repeat(30)} `, /is not 32 hex characters/],
    ["traceId", "an all-zero id", "0".repeat(32), /trace id is all zeros/],
    ["traceId", "an empty string", "", /trace id is missing/],
    ["spanId", "a float", 1.5, /spanId must be a string/],
    ["spanId", "15 hex characters", "b".repeat(15), /span id "b{15}" is not 16 hex characters/],
    ["spanId", "17 hex characters", "b".repeat(17), /span id "b{17}" is not 16 hex characters/],
    ["spanId", "16 characters, not hex", "zzzzzzzzzzzzzzzz", /span id "z{16}" is not 16 hex characters/],
    ["spanId", "an all-zero id", "0".repeat(16), /span id is all zeros/],
    ["parentSpanId", "a number", 5, /parentSpanId must be a string/],
    ["parentSpanId", "8 hex characters", "cccccccc", /parent span id "cccccccc" is not 16 hex characters/],
    ["parentSpanId", "not hex", "not-a-hex-id!!!!", /parent span id "not-a-hex-id!!!!" is not 16 hex characters/],
    ["name", "a number", 7, /name must be a string/],
    ["name", "an object", { text: "n" }, /name must be a string/],
    ["traceState", "a number", 5, /traceState must be a string/],
    ["startTimeUnixNano", "true", true, /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", "an object", { nanos: 1 }, /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", 'the string "1.5"', "1.5", /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", "a negative string", "-5", /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", "a negative number", -5, /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", 'the string "NaN"', "NaN", /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", 'the string "Infinity"', "Infinity", /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", "hex", "0x10", /startTimeUnixNano must be an unsigned integer/],
    ["startTimeUnixNano", "0", "0", /start time is missing/],
    ["startTimeUnixNano", "1970 (one second)", "1000000000", /start time 1970-01-01T00:00:01.000Z is before 2000-01-01/],
    ["endTimeUnixNano", "an array", [1], /endTimeUnixNano must be an unsigned integer/],
    ["endTimeUnixNano", "missing", undefined, /end time is missing/],
  ];
  for (const [field, what, value, reason] of rejected) {
    add("JSON span fields", `${field} is ${what}`, set(field, value), reason);
  }
  const year2300 = String(BigInt(Date.UTC(2300, 0, 1)) * 1_000_000n);
  add("JSON span times", "timestamps in 2300", (s) => ({ ...s, startTimeUnixNano: year2300, endTimeUnixNano: year2300 }), /start time 2300-01-01T00:00:00.000Z is in the future/);
  add("JSON span times", "a negative duration (end before start)", (s) => ({ ...s, startTimeUnixNano: s.endTimeUnixNano, endTimeUnixNano: s.startTimeUnixNano }), /end time is before start time/);
  add("JSON span times", "a start of 1e400 (Infinity)", (s) => ({ ...s, startTimeUnixNano: "__INF__" }), /startTimeUnixNano must be an unsigned integer/, (b) => b.replace('"__INF__"', "1e400"));
  add("JSON span times", "an end beyond 2^64 ns", set("endTimeUnixNano", "99999999999999999999999"), /end time .* is in the future/);

  // Wrong types where the decoder can keep the span: the span lands, the bad part as well as it can.
  const kept: [string, Mutation, RegExp?][] = [
    ["kind is a name (SPAN_KIND_SERVER)", set("kind", "SPAN_KIND_SERVER")],
    ["kind is an unknown name", set("kind", "SPAN_KIND_BANANA")],
    ["kind is an object", set("kind", { v: 1 })],
    ["kind is 99", set("kind", 99)],
    ["kind is -1", set("kind", -1)],
    ["kind is 1.5", set("kind", 1.5)],
    ["status is a string", set("status", "ERROR"), WARN.STATUS],
    ["status is an array", set("status", [2]), WARN.STATUS],
    ["status.code is a name", set("status", { code: "STATUS_CODE_ERROR", message: "failed" })],
    ["status.code is 99", set("status", { code: 99 })],
    ["status.message is a number", set("status", { code: 2, message: 5 })],
    ["attributes is an object", set("attributes", { a: 1 }), WARN.LIST],
    ["attributes is a string", set("attributes", "a=1"), WARN.LIST],
    ["an attribute is a string", set("attributes", ["a=1", { key: "ok", value: { stringValue: "yes" } }]), WARN.ENTRY],
    ["an attribute is null", set("attributes", [null]), WARN.ENTRY],
    ["an attribute key is a number", set("attributes", [{ key: 5, value: { stringValue: "x" } }]), WARN.ENTRY],
    ["an attribute has no key", set("attributes", [{ value: { stringValue: "x" } }]), WARN.ENTRY],
    ["an attribute has no value", set("attributes", [{ key: "k" }])],
    ["a bare string value", set("attributes", [{ key: "k", value: "bare" }])],
    ["a bare number value", set("attributes", [{ key: "k", value: 5 }])],
    ["a bare array value", set("attributes", [{ key: "k", value: [1, "a"] }])],
    ["an unknown AnyValue kind", set("attributes", [{ key: "k", value: { decimalValue: "1.0" } }]), WARN.KIND],
    ["intValue is not a number", set("attributes", [{ key: "k", value: { intValue: "twelve" } }])],
    ["intValue is true", set("attributes", [{ key: "k", value: { intValue: true } }])],
    ["intValue is an object", set("attributes", [{ key: "k", value: { intValue: { n: 1 } } }])],
    ["intValue is a float", set("attributes", [{ key: "k", value: { intValue: 1.75 } }])],
    ["intValue beyond int64", set("attributes", [{ key: "k", value: { intValue: "99999999999999999999999" } }])],
    ["boolValue is a string", set("attributes", [{ key: "k", value: { boolValue: "yes" } }])],
    ["doubleValue is a word", set("attributes", [{ key: "k", value: { doubleValue: "abc" } }])],
    ["doubleValue is an array", set("attributes", [{ key: "k", value: { doubleValue: [1] } }])],
    ["arrayValue is a string", set("attributes", [{ key: "k", value: { arrayValue: "x" } }])],
    ["arrayValue.values is a string", set("attributes", [{ key: "k", value: { arrayValue: { values: "x" } } }])],
    ["kvlistValue is an array", set("attributes", [{ key: "k", value: { kvlistValue: [] } }])],
    ["bytesValue is a number", set("attributes", [{ key: "k", value: { bytesValue: 5 } }])],
    ["bytesValue is not base64", set("attributes", [{ key: "k", value: { bytesValue: "%%%" } }])],
    ["stringValue is an object", set("attributes", [{ key: "k", value: { stringValue: { nested: true } } }])],
    ["events is an object", set("events", { name: "e" }), WARN.EVENTS],
    ["an event is a string", set("events", ["e", null, 5]), WARN.EVENT],
    ["an event time is a word", set("events", [{ name: "e", timeUnixNano: "soon" }])],
    ["links is a string", set("links", "none")],
    ["a link has a bad trace id", set("links", [{ traceId: 5, spanId: "zz" }])],
    ["droppedAttributesCount is a word", set("droppedAttributesCount", "many")],
    ["droppedAttributesCount is negative", set("droppedAttributesCount", -1)],
    ["flags is a string", set("flags", "sampled")],
    ["an unknown field", set("futureField", { anything: [1, 2, 3] })],
    ["snake_case field names", (s) => ({ trace_id: s.traceId, span_id: s.spanId, name: s.name, start_time_unix_nano: s.startTimeUnixNano, end_time_unix_nano: s.endTimeUnixNano })],
    ["upper-case hex ids", (s) => ({ ...s, traceId: (s.traceId as string).toUpperCase(), spanId: (s.spanId as string).toUpperCase() })],
    ["times as JSON numbers", (s) => ({ ...s, startTimeUnixNano: Number(s.startTimeUnixNano), endTimeUnixNano: Number(s.endTimeUnixNano) })],
    ["doubleValue is NaN / Infinity strings", set("attributes", [{ key: "n", value: { doubleValue: "NaN" } }, { key: "i", value: { doubleValue: "Infinity" } }, { key: "m", value: { doubleValue: "-Infinity" } }])],
    ["doubleValue is 1e400", set("attributes", [{ key: "big", value: { doubleValue: "__INF__" } }])],
  ];
  for (const [name, mutate, warning] of kept) {
    add("JSON span fields kept", name, mutate, undefined, name === "doubleValue is 1e400" ? (b) => b.replace('"__INF__"', "1e400") : undefined, warning);
  }
  return cases;
}
