import { expect } from "vitest";
import { freshIds, goodSpan, nowNs, pbSpanOf, PROTOBUF_TYPE, seeded, type BadInputCase, type StoredSpan } from "./case";
import { anyString, concat, fixed64, int, keyValue, len, pbRequest, tag, varint, WIRE } from "./wire";

const UNDECODABLE = /Cannot decode the OTLP protobuf body: body is not a valid protobuf ExportTraceServiceRequest/;

/** Binary protobuf that cannot be decoded: 400, and nothing of the request is stored. */
export function malformedProtobufCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const random = seeded(0x5eed);
  const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));

  // Random bytes behind a field tag of an invalid wire type (6 or 7): undecodable by construction.
  for (let i = 0; i < 30; i++) {
    const field = 2 + Math.floor(random() * 500);
    const wireType = 6 + (i % 2);
    cases.push(protobuf400(`random bytes #${i} (field ${field}, wire type ${wireType})`, concat([Uint8Array.from(tag(field, wireType)), randomBytes(i * 7)]), /invalid wire type/));
  }
  // Random bytes inside a resource_spans field whose length runs past the end of the body.
  for (let i = 0; i < 10; i++) {
    const tail = randomBytes(10 + i * 13);
    cases.push(protobuf400(`lying length #${i}`, concat([Uint8Array.from([...tag(1, WIRE.LEN), ...varint(tail.length + 1 + i * 1000)]), tail]), /a length runs past the end/));
  }

  // A valid request cut short at many points: every cut leaves a length running past the end.
  const ids = freshIds();
  const whole = pbRequest([pbSpanOf(goodSpan(ids.traceId, ids.spanId()), { attributes: [keyValue("k", anyString("v".repeat(40)))] })]);
  for (let i = 1; i <= 20; i++) {
    const cut = Math.max(1, Math.floor((whole.length * i) / 21));
    cases.push({ ...protobuf400(`truncated at byte ${cut} of ${whole.length}`, whole.subarray(0, cut), /truncated or corrupt|index out of range|invalid/), trace: { traceId: ids.traceId, stored: [] } });
  }

  // Wrong wire types where the decoder expects a length: the value read as a length runs past the end.
  const span = pbSpanOf(goodSpan(freshIds().traceId, freshIds().spanId()));
  const inResource = (scopeSpansField: Uint8Array) => len(1, concat([len(1, len(1, keyValue("a", anyString("b")))), scopeSpansField]));
  cases.push(
    protobuf400("resource_spans sent as a varint", int(1, 1 << 20), /a length runs past the end/),
    protobuf400("resource_spans sent as fixed64", fixed64(1, 0xffff_ffff_ffff_ffffn), /a length runs past the end|invalid/),
    protobuf400("scope_spans sent as a varint", inResource(int(2, 1 << 24)), /a length runs past the end/),
    protobuf400("span sent as fixed64", inResource(len(2, fixed64(2, 0xffff_ffff_ffff_ffffn))), /a length runs past the end|invalid/),
    protobuf400("span name sent as a varint", pbRequest([concat([span, int(5, 1 << 30)])]), /a length runs past the end/),
    protobuf400("attribute value sent as a varint", pbRequest([concat([span, len(9, concat([len(1, "k"), int(2, 1 << 22)]))])]), /a length runs past the end/),
    protobuf400("an unknown field with an end-group tag", pbRequest([concat([span, Uint8Array.from(tag(99, WIRE.EGROUP))])]), /invalid wire type 4/),
    protobuf400("an unknown group never closed", pbRequest([concat([span, Uint8Array.from([...tag(99, WIRE.SGROUP), ...tag(1, WIRE.VARINT), 1])])]), /a length runs past the end|invalid/),
    protobuf400("an 11-byte varint", Uint8Array.from([...tag(1, WIRE.LEN), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /invalid varint|a length runs past the end/),
    protobuf400("a JSON body sent as protobuf", new TextEncoder().encode('{"resourceSpans":[]}'), /invalid wire type|a length runs past the end|invalid/),
  );
  return cases;
}

function protobuf400(name: string, body: Uint8Array, detail: RegExp): BadInputCase {
  return { group: "malformed protobuf", name, headers: PROTOBUF_TYPE, body, status: 400, reason: new RegExp(`${UNDECODABLE.source}.*(${detail.source})`) };
}

/**
 * Span-level problems inside a well-formed protobuf request: the bad span is rejected with
 * a reason (or kept, when the problem is only in its text), the companion always lands.
 */
export function protobufSpanCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  const add = (name: string, build: (traceId: string, badId: string) => Uint8Array, outcome: { reject?: RegExp; keep?: boolean; check?: BadInputCase["check"] }) => {
    const ids = freshIds();
    const badId = ids.spanId();
    const companion = goodSpan(ids.traceId, ids.spanId());
    const body = pbRequest([build(ids.traceId, badId), pbSpanOf(companion)]);
    const stored = outcome.keep ? [badId, companion.spanId] : [companion.spanId];
    cases.push({
      group: "protobuf spans",
      name,
      headers: PROTOBUF_TYPE,
      body,
      status: 200,
      ...(outcome.reject ? { reason: outcome.reject, rejected: 1 } : {}),
      trace: { traceId: ids.traceId, stored },
      check: outcome.check,
    });
  };
  const base = (traceId: string, spanId: string) => goodSpan(traceId, spanId, "the bad one");
  const bytes = (n: number, fill = 0xab) => new Uint8Array(n).fill(fill);
  const now = nowNs();

  // Ids of the wrong size.
  add("a 15-byte trace id", (t, s) => pbSpanOf(base(t, s), { traceId: bytes(15) }), { reject: /trace id "(ab){15}" is not 32 hex characters/ });
  add("a 17-byte trace id", (t, s) => pbSpanOf(base(t, s), { traceId: bytes(17) }), { reject: /trace id .* is not 32 hex characters/ });
  add("a 32-byte trace id", (t, s) => pbSpanOf(base(t, s), { traceId: bytes(32) }), { reject: /trace id .* is not 32 hex characters/ });
  add("an empty trace id", (t, s) => pbSpanOf(base(t, s), { traceId: new Uint8Array(0) }), { reject: /trace id is missing/ });
  add("an all-zero trace id", (t, s) => pbSpanOf(base(t, s), { traceId: new Uint8Array(16) }), { reject: /trace id is all zeros/ });
  add("a 7-byte span id", (t, s) => pbSpanOf(base(t, s), { spanId: bytes(7) }), { reject: /span id "(ab){7}" is not 16 hex characters/ });
  add("a 9-byte span id", (t, s) => pbSpanOf(base(t, s), { spanId: bytes(9) }), { reject: /span id .* is not 16 hex characters/ });
  add("an empty span id", (t, s) => pbSpanOf(base(t, s), { spanId: new Uint8Array(0) }), { reject: /span id is missing/ });
  add("an all-zero span id", (t, s) => pbSpanOf(base(t, s), { spanId: new Uint8Array(8) }), { reject: /span id is all zeros/ });
  add("a 4-byte parent span id", (t, s) => pbSpanOf(base(t, s), { parentSpanId: bytes(4) }), { reject: /parent span id "abababab" is not 16 hex characters/ });

  // Times.
  add("no start time", (t, s) => pbSpanOf(base(t, s), { start: 0n }), { reject: /start time is missing/ });
  add("no end time", (t, s) => pbSpanOf(base(t, s), { end: 0n }), { reject: /end time is missing/ });
  add("timestamps in 1970", (t, s) => pbSpanOf(base(t, s), { start: 1_000_000_000n, end: 2_000_000_000n }), { reject: /start time 1970-01-01T00:00:01.000Z is before 2000-01-01/ });
  const year2300 = BigInt(Date.UTC(2300, 0, 1)) * 1_000_000n;
  add("timestamps in 2300", (t, s) => pbSpanOf(base(t, s), { start: year2300, end: year2300 + 1000n }), { reject: /start time 2300-01-01T00:00:00.000Z is in the future/ });
  add("an end in 2300", (t, s) => pbSpanOf(base(t, s), { start: now - 1000n, end: year2300 }), { reject: /end time 2300-01-01T00:00:00.000Z is in the future/ });
  add("the largest fixed64 start", (t, s) => pbSpanOf(base(t, s), { start: 0xffff_ffff_ffff_ffffn, end: 0xffff_ffff_ffff_ffffn }), { reject: /start time .* is in the future/ });
  add("a negative duration (end before start)", (t, s) => pbSpanOf(base(t, s), { start: now - 1000n, end: now - 2000n }), { reject: /end time is before start time/ });

  // Invalid UTF-8 in strings: replaced (U+FFFD), the span is kept.
  const invalid = [
    ["a lone continuation byte", [0x80]],
    ["0xff 0xfe", [0xff, 0xfe]],
    ["an overlong slash", [0xc0, 0xaf]],
    ["an encoded surrogate", [0xed, 0xa0, 0x80]],
    ["a truncated sequence", [0xe2, 0x82]],
  ] as const;
  for (const [what, seq] of invalid) {
    const text = (label: string) => concat([new TextEncoder().encode(`${label} `), Uint8Array.from(seq)]);
    const replaced = (span: StoredSpan) => expect(span.name).toMatch(/^name \uFFFD+$/);
    add(`invalid UTF-8 (${what}) in the span name`, (t, s) => pbSpanOf(base(t, s), { name: text("name") }), { keep: true, check: replaced });
    const replacedAttribute = (span: StoredSpan) => expect(Object.entries(span.attributes)).toContainEqual([expect.stringMatching(/^key \uFFFD+$/), expect.stringMatching(/^value \uFFFD+$/)]);
    add(`invalid UTF-8 (${what}) in an attribute key and value`, (t, s) => pbSpanOf(base(t, s), { attributes: [keyValue(text("key"), anyString(text("value")))] }), { keep: true, check: replacedAttribute });
  }
  add("an attribute with an empty AnyValue", (t, s) => pbSpanOf(base(t, s), { attributes: [keyValue("empty", new Uint8Array(0))] }), { keep: true });
  add("an attribute with a NaN double", (t, s) => pbSpanOf(base(t, s), { attributes: [keyValue("nan", Uint8Array.from([...tag(4, WIRE.I64), 0, 0, 0, 0, 0, 0, 0xf8, 0x7f]))] }), { keep: true });
  add("a span kind of 99 and unknown fields", (t, s) => pbSpanOf(base(t, s), { extra: [int(6, 99), len(200, "future field"), int(201, 5)] }), { keep: true });
  return cases;
}

