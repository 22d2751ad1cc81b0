import { OtlpDecodeError } from "./errors";
import { base64ToBytes, bytesToBase64, bytesToHex } from "./ids";
import { otlpProtoTypes, resetAnyValueDepth, strictReader } from "./proto-root";
import { setAttribute } from "./attribute-map";
import type { AttributeMap, AttributeValue, OtlpEvent, OtlpLink, OtlpResourceSpans, OtlpScopeSpans, OtlpSpan, OtlpTraceRequest } from "./types";

// Shapes of the messages protobufjs' reflection decoder returns (fields it did not see on
// the wire fall back to prototype defaults: "", 0, null, empty arrays).
interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
}
type Int64 = LongLike | number | string;
type Bytes = Uint8Array | string;
interface PbAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Int64;
  doubleValue?: number;
  arrayValue?: { values: PbAnyValue[] } | null;
  kvlistValue?: { values: PbKeyValue[] } | null;
  bytesValue?: Bytes;
}
interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
interface PbSpan {
  traceId: Bytes;
  spanId: Bytes;
  traceState: string;
  parentSpanId: Bytes;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: Int64;
  endTimeUnixNano: Int64;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  events: { timeUnixNano: Int64; name: string; attributes: PbKeyValue[] }[];
  links: { traceId: Bytes; spanId: Bytes; traceState: string; attributes: PbKeyValue[] }[];
  status: { code: number; message: string } | null;
}
interface PbRequest {
  resourceSpans: {
    resource: { attributes: PbKeyValue[]; droppedAttributesCount: number } | null;
    scopeSpans: {
      scope: { name: string; version: string; attributes: PbKeyValue[] } | null;
      spans: PbSpan[];
      schemaUrl: string;
    }[];
    schemaUrl: string;
  }[];
}

/** Decodes a binary protobuf ExportTraceServiceRequest. */
export function decodeProtobufTraceRequest(body: Uint8Array): OtlpTraceRequest {
  const { exportTraceServiceRequest } = otlpProtoTypes();
  let message: PbRequest;
  try {
    resetAnyValueDepth();
    message = exportTraceServiceRequest.decode(strictReader(body)) as unknown as PbRequest;
  } catch (error) {
    throw new OtlpDecodeError(`body is not a valid protobuf ExportTraceServiceRequest: ${describeProtobufError(error)}`, { cause: error });
  }
  return { resourceSpans: message.resourceSpans.map(toResourceSpans) };
}

function toResourceSpans(rs: PbRequest["resourceSpans"][number]): OtlpResourceSpans {
  return {
    resource: {
      attributes: toAttributes(rs.resource?.attributes),
      droppedAttributesCount: rs.resource?.droppedAttributesCount ?? 0,
    },
    scopeSpans: rs.scopeSpans.map(toScopeSpans),
    schemaUrl: rs.schemaUrl,
  };
}

function toScopeSpans(ss: PbRequest["resourceSpans"][number]["scopeSpans"][number]): OtlpScopeSpans {
  return {
    scope: {
      name: ss.scope?.name ?? "",
      version: ss.scope?.version ?? "",
      attributes: toAttributes(ss.scope?.attributes),
    },
    spans: ss.spans.map(toSpan),
    schemaUrl: ss.schemaUrl,
  };
}

function toSpan(span: PbSpan): OtlpSpan {
  return {
    traceId: idHex(span.traceId),
    spanId: idHex(span.spanId),
    parentSpanId: idHex(span.parentSpanId),
    traceState: span.traceState,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: toBigInt(span.startTimeUnixNano),
    endTimeUnixNano: toBigInt(span.endTimeUnixNano),
    attributes: toAttributes(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events.length === 0 ? [] : span.events.map(toEvent),
    links: span.links.length === 0 ? [] : span.links.map(toLink),
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? "" },
    flags: span.flags >>> 0,
  };
}

function toEvent(event: PbSpan["events"][number]): OtlpEvent {
  return { timeUnixNano: toBigInt(event.timeUnixNano), name: event.name, attributes: toAttributes(event.attributes) };
}

function toLink(link: PbSpan["links"][number]): OtlpLink {
  return {
    traceId: idHex(link.traceId),
    spanId: idHex(link.spanId),
    traceState: link.traceState,
    attributes: toAttributes(link.attributes),
  };
}

function toAttributes(list: PbKeyValue[] | undefined): AttributeMap {
  const out: AttributeMap = {};
  if (!list) return out;
  for (const kv of list) setAttribute(out, kv.key, toValue(kv.value));
  return out;
}

function toValue(v: PbAnyValue | null): AttributeValue {
  if (!v) return null;
  switch (v.value) {
    case "stringValue":
      return v.stringValue!;
    case "boolValue":
      return v.boolValue!;
    case "intValue":
      return int64ToJson(v.intValue!);
    case "doubleValue":
      return doubleToJson(v.doubleValue!);
    case "arrayValue":
      return (v.arrayValue?.values ?? []).map(toValue);
    case "kvlistValue":
      return toAttributes(v.kvlistValue?.values);
    case "bytesValue":
      return typeof v.bytesValue === "string" ? v.bytesValue : bytesToBase64(v.bytesValue!);
    default:
      return null;
  }
}

function idHex(id: Bytes): string {
  if (typeof id === "string") return id === "" ? "" : bytesToHex(base64ToBytes(id) ?? new Uint8Array());
  return id.length === 0 ? "" : bytesToHex(id);
}

const TWO_POW_32 = 4294967296;

/** int64 → a number when it is a safe integer, else its decimal string. */
export function int64ToJson(v: Int64): number | string {
  if (typeof v === "number") return v;
  if (typeof v === "string") return v;
  if (v.high >= -0x200000 && v.high < 0x200000 && !(v.unsigned && v.high < 0)) {
    return v.unsigned ? (v.high >>> 0) * TWO_POW_32 + (v.low >>> 0) : v.high * TWO_POW_32 + (v.low >>> 0);
  }
  return toBigInt(v).toString();
}

export function doubleToJson(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function toBigInt(v: Int64): bigint {
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (typeof v === "string") return BigInt(v);
  const unsigned = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
  return v.unsigned ? unsigned : BigInt.asIntN(64, unsigned);
}

/** A protobufjs decode error in words (a RangeError there means a length ran past the end). */
export function describeProtobufError(error: unknown): string {
  if (error instanceof RangeError && /index out of range/.test(error.message)) return "truncated or corrupt message (a length runs past the end of the body)";
  return error instanceof Error ? error.message : String(error);
}
