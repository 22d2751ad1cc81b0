/** A number that must travel as an OTLP doubleValue even when it is whole (cost: 1 USD is not 1 token). */
export class Double {
  /** Brand read by {@link isDouble} (on the prototype: no field per instance). */
  declare readonly isDouble: true;
  constructor(readonly value: number) {}
}
Object.defineProperty(Double.prototype, "isDouble", { value: true });

/** Memory a {@link JsonBytes} lives in (a chunk of the protobuf span encoder's queue). */
export interface ByteStore {
  readonly buf: Uint8Array;
}

/**
 * JSON text already written as UTF-8 into the protobuf encoder's memory (an input, an
 * output, …), where a string would otherwise hold it: see ProtoSpanEncoder.writeJson.
 */
export class JsonBytes {
  /** Brand read by {@link isJsonBytes} (on the prototype: no field per instance). */
  declare readonly isJsonBytes: true;
  constructor(
    readonly store: ByteStore,
    readonly start: number,
    readonly end: number,
  ) {}

  get length(): number {
    return this.end - this.start;
  }

  /** The JSON text (for the JSON wire format and tests; the protobuf encoder copies the bytes). */
  text(): string {
    return textDecoder.decode(this.store.buf.subarray(this.start, this.end));
  }
}

Object.defineProperty(JsonBytes.prototype, "isJsonBytes", { value: true });

const textDecoder = new TextDecoder();

/*
 * Brand checks instead of `instanceof` on the encoding path: against a class imported from
 * another module, optimized code does not inline `instanceof` but calls the generic builtin
 * (a @@hasInstance lookup and a prototype walk), which showed in per-span profiles.
 */

/** `value instanceof Double`, as a field check. */
export function isDouble(value: unknown): value is Double {
  return typeof value === "object" && value !== null && (value as Partial<Double>).isDouble === true;
}

/** `value instanceof JsonBytes`, as a field check. */
export function isJsonBytes(value: unknown): value is JsonBytes {
  return typeof value === "object" && value !== null && (value as Partial<JsonBytes>).isJsonBytes === true;
}

/** Attribute values as the SDK keeps them until they are encoded for the wire. */
export type AttrValue = string | number | boolean | bigint | Double | JsonBytes | ReadonlyArray<string | number | boolean>;

/** Rough size of an attribute in OTLP/JSON, for byte-based batching without encoding twice. */
export function estimateAttributeBytes(key: string, value: AttrValue): number {
  const overhead = 40 + key.length; // {"key":"…","value":{"stringValue":…}}
  if (typeof value === "string") return overhead + value.length;
  if (isJsonBytes(value)) return overhead + value.length;
  if (Array.isArray(value)) {
    let size = overhead + 20;
    for (const item of value) size += 24 + (typeof item === "string" ? item.length : 24);
    return size;
  }
  return overhead + 24;
}

/** Whether a BigInt fits OTLP's int64; larger ones travel as decimal strings rather than wrapping. */
export function fitsInt64(value: bigint): boolean {
  return value >= -(2n ** 63n) && value < 2n ** 63n;
}

/** Upper bound of an attribute value in protobuf (UTF-8 takes at most 3 bytes per UTF-16 unit). */
export function valueBound(value: AttrValue): number {
  if (typeof value === "string") return 16 + value.length * 3;
  if (isJsonBytes(value)) return 16 + value.length;
  if (Array.isArray(value)) {
    let bound = 16;
    for (const item of value as ReadonlyArray<string | number | boolean>) bound += typeof item === "string" ? 16 + item.length * 3 : 24;
    return bound;
  }
  return 24;
}

/** Upper bound of a whole attribute (KeyValue) in protobuf. */
export function attributeBound(key: string, value: AttrValue): number {
  return 24 + key.length * 3 + valueBound(value);
}
