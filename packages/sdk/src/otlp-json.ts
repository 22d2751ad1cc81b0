import { SL } from "./attribute-keys.js";
import { Double, type AttrValue } from "./attribute-value.js";
import type { FinishedSpan } from "./finished-span.js";
import { safeStringify } from "./safe-json.js";

/** OTLP/JSON AnyValue. */
export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number }
  | { arrayValue: { values: OtlpAnyValue[] } };

export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** Where the spans come from: the resource attributes and the instrumentation scope. */
export interface ExportOrigin {
  resourceAttributes: ReadonlyArray<[string, AttrValue]>;
  scopeName: string;
  scopeVersion: string;
}

/** Encodes one attribute value; undefined for values OTLP/JSON cannot carry (NaN, ±Infinity). */
export function encodeAnyValue(value: AttrValue): OtlpAnyValue | undefined {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "bigint") return { intValue: value.toString() };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return undefined;
    return Number.isInteger(value) ? { intValue: value.toString() } : { doubleValue: value };
  }
  if (value instanceof Double) return Number.isFinite(value.value) ? { doubleValue: value.value } : undefined;
  const values: OtlpAnyValue[] = [];
  for (const item of value) {
    const encoded = encodeAnyValue(item);
    if (encoded) values.push(encoded);
  }
  return { arrayValue: { values } };
}

function pushAttribute(out: OtlpKeyValue[], key: string, value: AttrValue): void {
  const encoded = encodeAnyValue(value);
  if (encoded) out.push({ key, value: encoded });
}

/**
 * The span's own attributes, then its trace's (read now, so late `updateTrace` calls count).
 * The root span also carries the trace-level input and metadata.
 */
function spanAttributes(span: FinishedSpan): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  const traceAttributes = span.trace.attributes();
  const traceKeys = new Set(traceAttributes.map(([key]) => key));
  const isRoot = span.spanId === span.trace.rootSpanId;
  for (const [key, value] of span.attributes) {
    if (traceKeys.has(key)) continue; // the trace's current value wins
    if (isRoot && key === SL.metadata) continue; // merged below
    pushAttribute(out, key, value);
  }
  for (const [key, value] of traceAttributes) pushAttribute(out, key, value);
  if (isRoot) {
    if (!span.attributes.has(SL.input) && span.trace.rootInputJson !== undefined) {
      pushAttribute(out, SL.input, span.trace.rootInputJson);
    }
    const metadata = mergedRootMetadata(span);
    if (metadata !== undefined) pushAttribute(out, SL.metadata, metadata);
  }
  return out;
}

function mergedRootMetadata(span: FinishedSpan): string | undefined {
  const own = span.attributes.get(SL.metadata);
  const traceLevel = span.trace.rootMetadata();
  if (Object.keys(traceLevel).length === 0) return typeof own === "string" ? own : undefined;
  let ownObject: Record<string, unknown> = {};
  if (typeof own === "string") {
    try {
      ownObject = JSON.parse(own) as Record<string, unknown>;
    } catch {
      ownObject = {};
    }
  }
  return safeStringify({ ...traceLevel, ...ownObject });
}

/** OTLP/JSON Span (kind 1 = internal). */
export function encodeSpan(span: FinishedSpan): Record<string, unknown> {
  const encoded: Record<string, unknown> = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: 1,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    attributes: spanAttributes(span),
    status: span.statusMessage ? { code: span.statusCode, message: span.statusMessage } : { code: span.statusCode },
  };
  if (span.parentSpanId) encoded.parentSpanId = span.parentSpanId;
  return encoded;
}

/** An OTLP/JSON ExportTraceServiceRequest body for one batch. */
export function encodeTraceRequestJson(spans: readonly FinishedSpan[], origin: ExportOrigin): string {
  const resourceAttributes: OtlpKeyValue[] = [];
  for (const [key, value] of origin.resourceAttributes) pushAttribute(resourceAttributes, key, value);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: resourceAttributes },
        scopeSpans: [{ scope: { name: origin.scopeName, version: origin.scopeVersion }, spans: spans.map(encodeSpan) }],
      },
    ],
  });
}
