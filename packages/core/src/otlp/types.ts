/**
 * A decoded OTLP trace request, normalized to plain JS values so that the mapper never
 * sees protobuf objects or OTLP/JSON quirks. Both wire formats decode to this shape.
 */

/**
 * An attribute value as plain JSON-safe data. int64 values become numbers when they are
 * safe integers and decimal strings otherwise; bytes become base64 strings; NaN and
 * ±Infinity become the strings "NaN", "Infinity", "-Infinity"; an empty AnyValue is null;
 * a kvlist becomes an object; values nested deeper than the decoder's limit become
 * {@link NESTING_LIMIT_MARKER}.
 */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | AttributeMap;
export interface AttributeMap {
  [key: string]: AttributeValue;
}

/** Replaces an AnyValue nested deeper than {@link MAX_ANY_VALUE_DEPTH} levels. */
export const NESTING_LIMIT_MARKER = "[sightline: value nested too deeply, truncated]";
/** Levels of AnyValue nesting kept (arrays and kvlists inside attributes). */
export const MAX_ANY_VALUE_DEPTH = 64;

export interface OtlpTraceRequest {
  resourceSpans: OtlpResourceSpans[];
  /**
   * What the decoder dropped or could not read without losing a span (OTLP/JSON of the
   * wrong type below the span level), one line per kind: for the partial-success warning.
   */
  warnings?: string[];
}

export interface OtlpResourceSpans {
  resource: { attributes: AttributeMap; droppedAttributesCount: number };
  scopeSpans: OtlpScopeSpans[];
  schemaUrl: string;
}

export interface OtlpScopeSpans {
  scope: { name: string; version: string; attributes: AttributeMap };
  spans: OtlpSpan[];
  schemaUrl: string;
}

export interface OtlpEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: AttributeMap;
}

export interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: AttributeMap;
}

export interface OtlpSpan {
  /** Lowercase hex as received (32 chars when well-formed; the mapper validates). */
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  traceState: string;
  name: string;
  /** OTLP SpanKind enum value (0 unspecified … 5 consumer). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: AttributeMap;
  droppedAttributesCount: number;
  events: OtlpEvent[];
  links: OtlpLink[];
  /** OTLP StatusCode (0 unset, 1 ok, 2 error). */
  status: { code: number; message: string };
  flags: number;
  /**
   * Set when a field of this span could not be decoded (OTLP/JSON of the wrong type):
   * the mapper rejects the span with this reason, the rest of the batch goes on.
   */
  invalid?: string;
}

/** A span with every field at its proto3 default: what a decoder fills in. */
export function emptyOtlpSpan(): OtlpSpan {
  return {
    traceId: "",
    spanId: "",
    parentSpanId: "",
    traceState: "",
    name: "",
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    links: [],
    status: { code: 0, message: "" },
    flags: 0,
  };
}
