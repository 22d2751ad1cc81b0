import { setAttribute } from "./attribute-map";
import { OtlpDecodeError } from "./errors";
import { normalizeJsonId } from "./ids";
import {
  emptyOtlpSpan,
  MAX_ANY_VALUE_DEPTH,
  NESTING_LIMIT_MARKER,
  type AttributeMap,
  type AttributeValue,
  type OtlpEvent,
  type OtlpLink,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  type OtlpTraceRequest,
} from "./types";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const SPAN_KIND_NAMES: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE_NAMES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

const utf8 = new TextDecoder("utf-8");

/**
 * Decodes OTLP/JSON: lowerCamelCase keys (the proto field names are accepted too), hex ids,
 * enums as integers or names, 64-bit integers as decimal strings or numbers, unknown
 * fields ignored. A structural error (not JSON, `resourceSpans` not a list) fails the
 * request; a span field of the wrong type only marks that span invalid.
 */
export function decodeJsonTraceRequest(body: Uint8Array): OtlpTraceRequest {
  let root: Json;
  try {
    root = JSON.parse(utf8.decode(body)) as Json;
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!isObject(root)) throw new OtlpDecodeError("body must be a JSON object with a `resourceSpans` array");
  notes = null;
  currentSpan = null;
  const request: OtlpTraceRequest = { resourceSpans: list(root, "resourceSpans", "resource_spans", "").map(toResourceSpans) };
  if (notes) request.warnings = [...(notes as Notes).entries()].map(([what, n]) => `${n.count} ${what} (first in ${n.first})`);
  notes = null;
  return request;
}

// What the decoder had to drop or could not read, summed up per kind for the warning
// channel. Decoding is synchronous, so one collector per call is enough; `currentSpan` is
// the span being decoded (null: a resource or scope), described only when something is noted.
type Notes = Map<string, { count: number; first: string }>;
let notes: Notes | null = null;
let currentSpan: JsonObject | null = null;

function note(what: string): void {
  notes ??= new Map();
  const entry = notes.get(what);
  if (entry) entry.count++;
  else notes.set(what, { count: 1, first: describeCurrentSpan() });
}

function describeCurrentSpan(): string {
  if (!currentSpan) return "a resource or scope";
  const name = pick(currentSpan, "name", "name");
  const spanId = pick(currentSpan, "spanId", "span_id");
  const shown = (v: Json | undefined) => JSON.stringify(typeof v === "string" ? wellFormed(v.slice(0, 80)) : "?");
  return `span ${shown(name)} (span ${shown(spanId)})`;
}

function toResourceSpans(value: Json, index: number): OtlpResourceSpans {
  const where = `resourceSpans[${index}]`;
  if (!isObject(value)) throw new OtlpDecodeError(`${where} must be an object`, { field: where });
  const resource = optionalObject(value, "resource", "resource", where);
  return {
    resource: {
      attributes: toAttributes(resource ? pick(resource, "attributes", "attributes") : undefined, 0),
      droppedAttributesCount: resource ? countOrZero(pick(resource, "droppedAttributesCount", "dropped_attributes_count")) : 0,
    },
    scopeSpans: list(value, "scopeSpans", "scope_spans", where).map((ss, i) => toScopeSpans(ss, `${where}.scopeSpans[${i}]`)),
    schemaUrl: stringOrEmpty(pick(value, "schemaUrl", "schema_url")),
  };
}

function toScopeSpans(value: Json, where: string): OtlpScopeSpans {
  if (!isObject(value)) throw new OtlpDecodeError(`${where} must be an object`, { field: where });
  const scope = optionalObject(value, "scope", "scope", where);
  return {
    scope: {
      name: scope ? stringOrEmpty(scope.name) : "",
      version: scope ? stringOrEmpty(scope.version) : "",
      attributes: toAttributes(scope?.attributes, 0),
    },
    spans: list(value, "spans", "spans", where).map(toSpan),
    schemaUrl: stringOrEmpty(pick(value, "schemaUrl", "schema_url")),
  };
}

function toSpan(value: Json): OtlpSpan {
  const problems: string[] = [];
  if (!isObject(value)) {
    return { ...emptyOtlpSpan(), invalid: "span is not a JSON object" };
  }
  currentSpan = value;
  const text = (camel: string, snake: string): string => {
    const v = pick(value, camel, snake);
    if (v === undefined || v === null) return "";
    if (typeof v === "string") return wellFormed(v);
    problems.push(`${camel} must be a string`);
    return "";
  };
  const id = (camel: string, snake: string, bytes: number): string => normalizeJsonId(text(camel, snake), bytes);
  const time = (camel: string, snake: string): bigint => {
    const t = toNanos(pick(value, camel, snake));
    if (t === null) {
      problems.push(`${camel} must be an unsigned integer (nanoseconds since the Unix epoch)`);
      return 0n;
    }
    return t;
  };
  const status = pick(value, "status", "status");
  const span: OtlpSpan = {
    traceId: id("traceId", "trace_id", 16),
    spanId: id("spanId", "span_id", 8),
    parentSpanId: id("parentSpanId", "parent_span_id", 8),
    traceState: text("traceState", "trace_state"),
    name: text("name", "name"),
    kind: enumValue(pick(value, "kind", "kind"), SPAN_KIND_NAMES),
    startTimeUnixNano: time("startTimeUnixNano", "start_time_unix_nano"),
    endTimeUnixNano: time("endTimeUnixNano", "end_time_unix_nano"),
    attributes: toAttributes(value.attributes, 0),
    droppedAttributesCount: countOrZero(pick(value, "droppedAttributesCount", "dropped_attributes_count")),
    events: toEvents(value.events),
    links: arrayOrEmpty(value.links).map(toLink),
    status: toStatus(status),
    flags: countOrZero(value.flags),
  };
  if (problems.length > 0) span.invalid = problems.join("; ");
  currentSpan = null;
  return span;
}

function toStatus(status: Json | undefined): OtlpSpan["status"] {
  if (isObject(status)) return { code: enumValue(status.code, STATUS_CODE_NAMES), message: stringOrEmpty(status.message) };
  if (status !== undefined && status !== null) note("span statuses that are not objects were read as unset");
  return { code: 0, message: "" };
}

function toEvents(value: Json | undefined): OtlpEvent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    note("event lists that are not arrays were ignored");
    return [];
  }
  const events: OtlpEvent[] = [];
  for (const event of value) {
    if (isObject(event)) events.push(toEvent(event));
    else note("events that are not objects were dropped");
  }
  return events;
}

function toEvent(value: JsonObject): OtlpEvent {
  return {
    timeUnixNano: toNanos(pick(value, "timeUnixNano", "time_unix_nano")) ?? 0n,
    name: stringOrEmpty(value.name),
    attributes: toAttributes(value.attributes, 0),
  };
}

function toLink(value: Json): OtlpLink {
  if (!isObject(value)) return { traceId: "", spanId: "", traceState: "", attributes: {} };
  return {
    traceId: normalizeJsonId(stringOrEmpty(pick(value, "traceId", "trace_id")), 16),
    spanId: normalizeJsonId(stringOrEmpty(pick(value, "spanId", "span_id")), 8),
    traceState: stringOrEmpty(pick(value, "traceState", "trace_state")),
    attributes: toAttributes(value.attributes, 0),
  };
}

/** A KeyValue list (depth = AnyValue levels above it). Malformed entries are skipped (and noted). */
function toAttributes(value: Json | undefined, depth: number): AttributeMap {
  const out: AttributeMap = {};
  if (!Array.isArray(value)) {
    if (value !== undefined && value !== null) note("attribute lists that are not arrays were ignored");
    return out;
  }
  for (const kv of value) {
    if (!isObject(kv) || typeof kv.key !== "string") {
      note("attributes that are not {key, value} objects with a string key were dropped");
      continue;
    }
    setAttribute(out, wellFormed(kv.key), toAnyValue(kv.value, depth));
  }
  return out;
}

function toAnyValue(value: Json | undefined, depth: number): AttributeValue {
  if (value === undefined || value === null) return null;
  if (depth >= MAX_ANY_VALUE_DEPTH) return NESTING_LIMIT_MARKER;
  // Not an AnyValue wrapper: some senders put the bare value here. Keep it.
  if (!isObject(value)) {
    if (typeof value === "object") return toAnyValue({ arrayValue: { values: value } }, depth);
    return typeof value === "string" ? wellFormed(value) : value;
  }
  if ("stringValue" in value || "string_value" in value) {
    const v = pick(value, "stringValue", "string_value");
    return typeof v === "string" ? wellFormed(v) : v === null || v === undefined ? "" : wrongTypeText(v);
  }
  if ("boolValue" in value || "bool_value" in value) {
    const v = pick(value, "boolValue", "bool_value");
    return typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : Boolean(v);
  }
  if ("intValue" in value || "int_value" in value) return intToJson(pick(value, "intValue", "int_value"));
  if ("doubleValue" in value || "double_value" in value) return doubleToJson(pick(value, "doubleValue", "double_value"));
  if ("bytesValue" in value || "bytes_value" in value) return stringOrEmpty(pick(value, "bytesValue", "bytes_value"));
  if ("arrayValue" in value || "array_value" in value) {
    const array = pick(value, "arrayValue", "array_value");
    const values = isObject(array) ? arrayOrEmpty(array.values) : [];
    return values.map((v) => toAnyValue(v, depth + 1));
  }
  if ("kvlistValue" in value || "kvlist_value" in value) {
    const kvlist = pick(value, "kvlistValue", "kvlist_value");
    return toAttributes(isObject(kvlist) ? kvlist.values : undefined, depth + 1);
  }
  // `{}` is the empty AnyValue; anything else names a kind we do not know.
  for (const _ in value) {
    note("attribute values of no known AnyValue kind were stored as null");
    break;
  }
  return null;
}

const DECIMAL_INTEGER = /^-?\d+$/;

/** int64 from OTLP/JSON: a safe integer as a number, a larger one as its decimal string. */
function intToJson(v: Json | undefined): AttributeValue {
  if (typeof v === "number") return Number.isFinite(v) ? Math.trunc(v) : String(v);
  if (typeof v === "string") {
    const trimmed = v.trim();
    if (!DECIMAL_INTEGER.test(trimmed)) return wellFormed(v);
    const n = Number(trimmed);
    return Number.isSafeInteger(n) ? n : BigInt(trimmed).toString();
  }
  return v === undefined || v === null ? null : typeof v === "boolean" ? v : wrongTypeText(v);
}

/** double from OTLP/JSON: a number, or "NaN" / "Infinity" / "-Infinity" (kept as strings, as from protobuf). */
function doubleToJson(v: Json | undefined): AttributeValue {
  if (typeof v === "number") return Number.isFinite(v) ? v : String(v);
  if (typeof v === "string") {
    const n = Number(v);
    return v.trim() !== "" && Number.isFinite(n) ? n : wellFormed(v);
  }
  return v === undefined || v === null ? null : typeof v === "boolean" ? v : wrongTypeText(v);
}

/**
 * An object or array where a scalar belongs, kept as its JSON text; one nested too deeply
 * to serialize becomes the nesting marker (never an exception that would fail the batch).
 */
function wrongTypeText(v: Json): string {
  try {
    return JSON.stringify(v);
  } catch {
    return NESTING_LIMIT_MARKER;
  }
}

/** Nanosecond timestamps: decimal strings or numbers. Missing → 0 (rejected by the mapper). */
function toNanos(v: Json | undefined): bigint | null {
  if (v === undefined || v === null) return 0n;
  if (typeof v === "number") return Number.isFinite(v) && v >= 0 ? BigInt(Math.round(v)) : null;
  if (typeof v === "string" && DECIMAL_INTEGER.test(v) && !v.startsWith("-")) return BigInt(v);
  return null;
}

function enumValue(v: Json | undefined, names: Record<string, number>): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") return names[v] ?? (DECIMAL_INTEGER.test(v) ? Number(v) : 0);
  return 0;
}

function list(obj: JsonObject, camel: string, snake: string, where: string): Json[] {
  const v = pick(obj, camel, snake);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(`${fieldPath(where, camel)} must be an array`, { field: fieldPath(where, camel) });
  return v;
}

function optionalObject(obj: JsonObject, camel: string, snake: string, where: string): JsonObject | undefined {
  const v = pick(obj, camel, snake);
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new OtlpDecodeError(`${fieldPath(where, camel)} must be an object`, { field: fieldPath(where, camel) });
  return v;
}

function fieldPath(where: string, camel: string): string {
  return where === "" ? camel : `${where}.${camel}`;
}

function pick(obj: JsonObject, camel: string, snake: string): Json | undefined {
  const v = obj[camel];
  return v !== undefined ? v : obj[snake];
}

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function arrayOrEmpty(v: Json | undefined): Json[] {
  return Array.isArray(v) ? v : [];
}

function stringOrEmpty(v: Json | undefined): string {
  return typeof v === "string" ? wellFormed(v) : "";
}

/**
 * JSON can carry lone UTF-16 surrogates (`"\ud800"`), which no UTF-8 store accepts: one
 * such string would fail the INSERT of every request batched with it. They become U+FFFD,
 * as invalid UTF-8 bytes do (TextDecoder, protobuf). The check is native and cheap.
 */
function wellFormed(text: string): string {
  const s = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return s.isWellFormed() ? text : s.toWellFormed();
}

function countOrZero(v: Json | undefined): number {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? Math.trunc(n) : 0;
}
