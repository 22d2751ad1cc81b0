/** A number that must travel as an OTLP doubleValue even when it is whole (cost: 1 USD is not 1 token). */
export class Double {
  constructor(readonly value: number) {}
}

/** Attribute values as the SDK keeps them until they are encoded for the wire. */
export type AttrValue = string | number | boolean | bigint | Double | ReadonlyArray<string | number | boolean>;

/** Rough size of an attribute in OTLP/JSON, for byte-based batching without encoding twice. */
export function estimateAttributeBytes(key: string, value: AttrValue): number {
  const overhead = 40 + key.length; // {"key":"…","value":{"stringValue":…}}
  if (typeof value === "string") return overhead + value.length;
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
