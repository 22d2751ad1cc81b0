import type { OtlpFormat } from "./decode";
import { OtlpDecodeError } from "./errors";
import { otlpProtoTypes } from "./proto-root";

/**
 * Decoders for what an OTLP receiver answers (for clients, tests and benchmarks): an
 * Export*ServiceResponse on 200, a google.rpc.Status on 4xx/5xx. Fields follow OTLP/JSON
 * (lowerCamelCase, int64 as a number here).
 */
export interface ExportResponse {
  partialSuccess?: { rejected: number; errorMessage: string };
}

export interface DecodedRpcStatus {
  code: number;
  message: string;
  /** google.rpc.BadRequest field violations found among the details. */
  fieldViolations: { field: string; description: string }[];
}

const BAD_REQUEST_TYPE_URL = "type.googleapis.com/google.rpc.BadRequest";
const utf8 = new TextDecoder("utf-8");

/** Any of ExportTrace/Metrics/LogsServiceResponse: they share field numbers. */
export function decodeExportResponse(body: Uint8Array, format: OtlpFormat): ExportResponse {
  const object = format === "json" ? parseJson(body) : protobufObject(otlpProtoTypes().exportTraceServiceResponse, body);
  const partial = object.partialSuccess as Record<string, unknown> | undefined;
  if (!partial) return {};
  const rejected = partial.rejectedSpans ?? partial.rejectedDataPoints ?? partial.rejectedLogRecords ?? 0;
  return { partialSuccess: { rejected: Number(rejected), errorMessage: String(partial.errorMessage ?? "") } };
}

export function decodeRpcStatus(body: Uint8Array, format: OtlpFormat): DecodedRpcStatus {
  const types = otlpProtoTypes();
  const object = format === "json" ? parseJson(body) : protobufObject(types.rpcStatus, body);
  const fieldViolations: DecodedRpcStatus["fieldViolations"] = [];
  for (const detail of (object.details as Record<string, unknown>[] | undefined) ?? []) {
    const typeUrl = detail["@type"] ?? detail.typeUrl;
    if (typeUrl !== BAD_REQUEST_TYPE_URL) continue;
    const badRequest = format === "json" ? detail : protobufObject(types.rpcBadRequest, detail.value as Uint8Array);
    for (const v of (badRequest.fieldViolations as Record<string, unknown>[] | undefined) ?? []) {
      fieldViolations.push({ field: String(v.field ?? ""), description: String(v.description ?? "") });
    }
  }
  return { code: Number(object.code ?? 0), message: String(object.message ?? ""), fieldViolations };
}

function parseJson(body: Uint8Array): Record<string, unknown> {
  try {
    return JSON.parse(utf8.decode(body)) as Record<string, unknown>;
  } catch (error) {
    throw new OtlpDecodeError(`response is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

function protobufObject(type: import("protobufjs").Type, body: Uint8Array): Record<string, unknown> {
  try {
    return type.toObject(type.decode(body), { longs: Number }) as Record<string, unknown>;
  } catch (error) {
    throw new OtlpDecodeError(`response is not a protobuf ${type.name}: ${(error as Error).message}`, { cause: error });
  }
}
