/**
 * A tiny protobuf writer, independent of the decoder under test, for bodies no encoder
 * would produce: wrong wire types, lying lengths, invalid UTF-8, ids of the wrong size.
 * Field numbers are those of opentelemetry-proto 1.x (see packages/core/src/otlp/proto-schema.ts).
 */
export const WIRE = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

export const tag = (field: number, wireType: number): number[] => varint((field << 3) | wireType);
const bytesOf = (v: Uint8Array | string): Uint8Array => (typeof v === "string" ? new TextEncoder().encode(v) : v);

/** A length-delimited field (message, string or bytes). */
export function len(field: number, payload: Uint8Array | string): Uint8Array {
  const bytes = bytesOf(payload);
  return concat([Uint8Array.from([...tag(field, WIRE.LEN), ...varint(bytes.length)]), bytes]);
}

export function int(field: number, value: number | bigint): Uint8Array {
  return Uint8Array.from([...tag(field, WIRE.VARINT), ...varint(value)]);
}

export function fixed64(field: number, value: bigint): Uint8Array {
  const out = new Uint8Array(9);
  out.set(tag(field, WIRE.I64));
  new DataView(out.buffer).setBigUint64(1, BigInt.asUintN(64, value), true);
  return out;
}

export function double(field: number, value: number): Uint8Array {
  const out = new Uint8Array(9);
  out.set(tag(field, WIRE.I64));
  new DataView(out.buffer).setFloat64(1, value, true);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const hexBytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));

/** AnyValue fields: string 1, bool 2, int 3, double 4, array 5, kvlist 6, bytes 7. */
export const anyString = (v: Uint8Array | string) => len(1, v);
export const keyValue = (key: Uint8Array | string, value: Uint8Array) => concat([len(1, key), len(2, value)]);

export interface PbSpanParts {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId?: Uint8Array;
  name: Uint8Array | string;
  start: bigint;
  end: bigint;
  /** KeyValue messages. */
  attributes?: Uint8Array[];
  /** Raw fields appended to the Span message. */
  extra?: Uint8Array[];
}

/** Span: trace_id 1, span_id 2, parent_span_id 4, name 5, kind 6, start 7, end 8, attributes 9. */
export function pbSpan(s: PbSpanParts): Uint8Array {
  return concat([
    len(1, s.traceId),
    len(2, s.spanId),
    ...(s.parentSpanId ? [len(4, s.parentSpanId)] : []),
    len(5, s.name),
    int(6, 1),
    fixed64(7, s.start),
    fixed64(8, s.end),
    ...(s.attributes ?? []).map((kv) => len(9, kv)),
    ...(s.extra ?? []),
  ]);
}

/** ExportTraceServiceRequest → ResourceSpans (1) → ScopeSpans (2) → Span (2). */
export function pbRequest(spans: Uint8Array[], resource: Uint8Array = len(1, keyValue("service.name", anyString("bad-input")))): Uint8Array {
  const scopeSpans = concat([len(1, len(1, "bad-input-scope")), ...spans.map((s) => len(2, s))]);
  return len(1, concat([len(1, resource), len(2, scopeSpans)]));
}

/**
 * An AnyValue nested `depth` levels deep (arrays: array_value 5 → values 1; kvlists:
 * kvlist_value 6 → values 1 → KeyValue{key "k", value 2}), built from the inside out
 * with one copy, so that 10,000 levels cost nothing to build.
 */
export function nestedAnyValue(kind: "arrays" | "kvlists", depth: number, leaf: Uint8Array): Uint8Array {
  const headers: number[][] = [];
  let size = leaf.length;
  for (let i = 0; i < depth; i++) {
    let levelHeader: number[];
    if (kind === "arrays") {
      const inner = [...tag(1, WIRE.LEN), ...varint(size)];
      levelHeader = [...tag(5, WIRE.LEN), ...varint(size + inner.length), ...inner];
    } else {
      const kv = [...tag(1, WIRE.LEN), 1, 0x6b, ...tag(2, WIRE.LEN), ...varint(size)];
      const list = [...tag(1, WIRE.LEN), ...varint(size + kv.length), ...kv];
      levelHeader = [...tag(6, WIRE.LEN), ...varint(size + list.length), ...list];
    }
    headers.push(levelHeader);
    size += levelHeader.length;
  }
  return concat([...headers.reverse().map((h) => Uint8Array.from(h)), leaf]);
}
