import { bytesToBase64, hexToBytes } from "./ids";
import { otlpProtoTypes } from "./proto-root";
import type { OtlpFormat } from "./decode";

export interface EncodedBody {
  body: Uint8Array;
  contentType: string;
}

export const OTLP_CONTENT_TYPES: Record<OtlpFormat, string> = {
  protobuf: "application/x-protobuf",
  json: "application/json",
};

const utf8 = new TextEncoder();

export interface PartialSuccess {
  rejectedSpans: number;
  errorMessage: string;
}

/**
 * An ExportTraceServiceResponse. Full success (no `partial`, or 0 rejected and no message)
 * is the empty message: zero bytes, or `{}`. In OTLP/JSON `rejectedSpans` is an int64 and
 * so a decimal string (receivers accept numbers too).
 */
export function encodeTraceResponse(format: OtlpFormat, partial?: PartialSuccess): EncodedBody {
  const hasPartial = partial !== undefined && (partial.rejectedSpans > 0 || partial.errorMessage !== "");
  if (format === "json") {
    const body = hasPartial
      ? { partialSuccess: { rejectedSpans: String(Math.trunc(partial.rejectedSpans)), errorMessage: partial.errorMessage } }
      : {};
    return { body: utf8.encode(JSON.stringify(body)), contentType: OTLP_CONTENT_TYPES.json };
  }
  const { exportTraceServiceResponse } = otlpProtoTypes();
  const message = exportTraceServiceResponse.fromObject(
    hasPartial ? { partialSuccess: { rejectedSpans: Math.trunc(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {},
  );
  return { body: exportTraceServiceResponse.encode(message).finish(), contentType: OTLP_CONTENT_TYPES.protobuf };
}

export interface RpcStatus {
  /** A google.rpc.Code, e.g. 3 INVALID_ARGUMENT. */
  code: number;
  message: string;
  /** For 400s: what was wrong, sent as a google.rpc.BadRequest detail (as OTLP asks). */
  fieldViolations?: { field: string; description: string }[];
}

const BAD_REQUEST_TYPE_URL = "type.googleapis.com/google.rpc.BadRequest";

/** A google.rpc.Status body for 4xx/5xx answers. */
export function encodeRpcStatus(format: OtlpFormat, status: RpcStatus): EncodedBody {
  const violations = status.fieldViolations?.length ? status.fieldViolations : undefined;
  if (format === "json") {
    const body = { code: status.code, message: status.message, ...(violations ? { details: [{ "@type": BAD_REQUEST_TYPE_URL, fieldViolations: violations }] } : {}) };
    return { body: utf8.encode(JSON.stringify(body)), contentType: OTLP_CONTENT_TYPES.json };
  }
  const { rpcStatus, rpcBadRequest } = otlpProtoTypes();
  const details = violations
    ? [{ typeUrl: BAD_REQUEST_TYPE_URL, value: rpcBadRequest.encode(rpcBadRequest.fromObject({ fieldViolations: violations })).finish() }]
    : [];
  return {
    body: rpcStatus.encode(rpcStatus.fromObject({ code: status.code, message: status.message, details })).finish(),
    contentType: OTLP_CONTENT_TYPES.protobuf,
  };
}

// ---- Requests (for tests, benchmarks and fixtures) ----

export type Nanos = bigint | number | string;

export interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: Nanos;
  endTimeUnixNano: Nanos;
  attributes?: Record<string, unknown>;
  droppedAttributesCount?: number;
  events?: { timeUnixNano: Nanos; name: string; attributes?: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string; traceState?: string; attributes?: Record<string, unknown> }[];
  status?: { code: number; message?: string };
  flags?: number;
}

/** What {@link encodeTraceRequest} takes; a decoded OtlpTraceRequest fits it. */
export interface TraceRequestInput {
  resourceSpans: {
    resource?: { attributes?: Record<string, unknown> };
    scopeSpans: { scope?: { name?: string; version?: string; attributes?: Record<string, unknown> }; spans: SpanInput[] }[];
  }[];
}

/**
 * Encodes an ExportTraceServiceRequest from plain values: ids in hex, times in nanoseconds,
 * attributes as JS values (string, boolean, integer → intValue, other number → doubleValue,
 * bigint → intValue, Uint8Array → bytesValue, array, object → kvlist, null → empty).
 */
export function encodeTraceRequest(request: TraceRequestInput, format: OtlpFormat): EncodedBody {
  const json = format === "json";
  const id = (hex: string | undefined): Uint8Array | string => (json ? (hex ?? "") : hexToBytes(hex ?? ""));
  const kvs = (attrs: Record<string, unknown> | undefined) =>
    Object.entries(attrs ?? {}).map(([key, value]) => ({ key, value: anyValue(value, json) }));
  const message = {
    resourceSpans: request.resourceSpans.map((rs) => ({
      resource: { attributes: kvs(rs.resource?.attributes) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: { name: ss.scope?.name ?? "", version: ss.scope?.version ?? "", attributes: kvs(ss.scope?.attributes) },
        spans: ss.spans.map((s) => ({
          traceId: id(s.traceId),
          spanId: id(s.spanId),
          parentSpanId: id(s.parentSpanId),
          traceState: s.traceState ?? "",
          name: s.name,
          kind: s.kind ?? 1,
          startTimeUnixNano: String(s.startTimeUnixNano),
          endTimeUnixNano: String(s.endTimeUnixNano),
          attributes: kvs(s.attributes),
          droppedAttributesCount: s.droppedAttributesCount ?? 0,
          events: (s.events ?? []).map((e) => ({ timeUnixNano: String(e.timeUnixNano), name: e.name, attributes: kvs(e.attributes) })),
          links: (s.links ?? []).map((l) => ({
            traceId: id(l.traceId),
            spanId: id(l.spanId),
            traceState: l.traceState ?? "",
            attributes: kvs(l.attributes),
          })),
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? "" },
          flags: s.flags ?? 0,
        })),
      })),
    })),
  };
  if (json) return { body: utf8.encode(JSON.stringify(message)), contentType: OTLP_CONTENT_TYPES.json };
  const { exportTraceServiceRequest } = otlpProtoTypes();
  return {
    body: exportTraceServiceRequest.encode(exportTraceServiceRequest.fromObject(message)).finish(),
    contentType: OTLP_CONTENT_TYPES.protobuf,
  };
}

function anyValue(value: unknown, json: boolean): Record<string, unknown> {
  switch (typeof value) {
    case "string":
      return { stringValue: value };
    case "boolean":
      return { boolValue: value };
    case "bigint":
      return { intValue: value.toString() };
    case "number":
      return Number.isSafeInteger(value) ? { intValue: json ? String(value) : value } : { doubleValue: json && !Number.isFinite(value) ? String(value) : value };
    case "object": {
      if (value === null) return {};
      if (value instanceof Uint8Array) return { bytesValue: json ? bytesToBase64(value) : value };
      if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => anyValue(v, json)) } };
      return {
        kvlistValue: { values: Object.entries(value).map(([key, v]) => ({ key, value: anyValue(v, json) })) },
      };
    }
    default:
      return {};
  }
}
