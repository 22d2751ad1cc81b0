import { fitsInt64, isDouble, isJsonBytes, type AttrValue } from "./attribute-value.js";
import type { Acceptance } from "./exporter.js";
import type { FinishedSpan } from "./finished-span.js";
import { wireAttributes, type ExportOrigin } from "./span-attributes.js";

/**
 * OTLP/JSON encoding, written straight into one string (no intermediate object tree,
 * which would cost an allocation per attribute). Strings go through JSON.stringify for
 * escaping. Ids are hex, enums integers, 64-bit integers decimal strings, as the OTLP/JSON
 * mapping asks.
 */
function anyValue(value: AttrValue): string | undefined {
  switch (typeof value) {
    case "string":
      return `{"stringValue":${JSON.stringify(value)}}`;
    case "boolean":
      return value ? `{"boolValue":true}` : `{"boolValue":false}`;
    case "bigint":
      return fitsInt64(value) ? `{"intValue":"${value.toString()}"}` : `{"stringValue":"${value.toString()}"}`;
    case "number":
      if (!Number.isFinite(value)) return undefined;
      return Number.isInteger(value) ? `{"intValue":"${value}"}` : `{"doubleValue":${value}}`;
  }
  if (isDouble(value)) return Number.isFinite(value.value) ? `{"doubleValue":${value.value}}` : undefined;
  if (isJsonBytes(value)) return `{"stringValue":${JSON.stringify(value.text())}}`;
  const items: string[] = [];
  for (const item of value as ReadonlyArray<string | number | boolean>) {
    const encoded = anyValue(item);
    if (encoded !== undefined) items.push(encoded);
  }
  return `{"arrayValue":{"values":[${items.join(",")}]}}`;
}

function keyValues(list: Iterable<readonly [string, AttrValue]>): string {
  let out = "";
  for (const [key, value] of list) out = appendKeyValue(out, key, value);
  return out;
}

function appendKeyValue(out: string, key: string, value: AttrValue): string {
  const encoded = anyValue(value);
  if (encoded === undefined) return out;
  return `${out}${out === "" ? "" : ","}{"key":${JSON.stringify(key)},"value":${encoded}}`;
}

/** Microseconds → the decimal nanosecond string OTLP/JSON carries. */
const nanos = (us: number): string => `"${us}000"`;

function collectAttribute(out: { text: string }, key: string, value: AttrValue): void {
  out.text = appendKeyValue(out.text, key, value);
}

function encodeSpan(span: FinishedSpan): string {
  const collected = { text: "" };
  wireAttributes(span, collectAttribute, collected);
  const attributes = collected.text;
  let out = `{"traceId":"${span.traceId}","spanId":"${span.spanId}"`;
  if (span.parentSpanId) out += `,"parentSpanId":"${span.parentSpanId}"`;
  out += `,"name":${JSON.stringify(span.name)},"kind":1,"startTimeUnixNano":${nanos(span.startUs)},"endTimeUnixNano":${nanos(span.endUs)}`;
  out += `,"attributes":[${attributes}]`;
  if (span.events) {
    out += `,"events":[${span.events
      .map((e) => `{"timeUnixNano":${nanos(e.timeUs)},"name":${JSON.stringify(e.name)},"attributes":[${keyValues(e.attributes)}]}`)
      .join(",")}]`;
  }
  out += span.statusMessage ? `,"status":{"code":${span.statusCode},"message":${JSON.stringify(span.statusMessage)}}}` : `,"status":{"code":${span.statusCode}}}`;
  return out;
}

/** An OTLP/JSON ExportTraceServiceRequest body for one batch. */
export function encodeTraceRequestJson(spans: readonly FinishedSpan[], origin: ExportOrigin): string {
  const scope = `{"name":${JSON.stringify(origin.scopeName)},"version":${JSON.stringify(origin.scopeVersion)}}`;
  return `{"resourceSpans":[{"resource":{"attributes":[${keyValues(origin.resourceAttributes)}]},"scopeSpans":[{"scope":${scope},"spans":[${spans
    .map(encodeSpan)
    .join(",")}]}]}]}`;
}

/** Reads `partialSuccess` of an OTLP/JSON response body. */
export function readOtlpJsonAcceptance(body: Uint8Array): Acceptance {
  const parsed = JSON.parse(new TextDecoder().decode(body)) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } };
  const rejected = Number(parsed.partialSuccess?.rejectedSpans ?? 0);
  return { rejected: Number.isFinite(rejected) ? rejected : 0, message: parsed.partialSuccess?.errorMessage ?? "" };
}
