import type { OtlpFormat } from "./decode";
import { describeProtobufError } from "./decode-protobuf";
import { OtlpDecodeError } from "./errors";
import { otlpProtoTypes, resetAnyValueDepth, strictReader } from "./proto-root";

/** The OTLP signals Sightline accepts; only traces are stored. */
export type OtlpSignal = "traces" | "metrics" | "logs";

const JSON_KEYS = {
  metrics: { resources: "resourceMetrics", scopes: "scopeMetrics", items: "metrics" },
  logs: { resources: "resourceLogs", scopes: "scopeLogs", items: "logRecords" },
} as const;

const utf8 = new TextDecoder("utf-8");

/**
 * Checks that a metrics or logs body is a well-formed ExportMetricsServiceRequest /
 * ExportLogsServiceRequest down to its scopes (they are accepted, not stored, so the
 * metrics and log records themselves are not decoded). Throws {@link OtlpDecodeError}.
 */
export function checkExportEnvelope(signal: "metrics" | "logs", body: Uint8Array, format: OtlpFormat): void {
  if (format === "protobuf") {
    const types = otlpProtoTypes();
    const type = signal === "metrics" ? types.exportMetricsServiceRequest : types.exportLogsServiceRequest;
    try {
      resetAnyValueDepth();
      type.decode(strictReader(body));
    } catch (error) {
      throw new OtlpDecodeError(`body is not a valid protobuf ${type.name}: ${describeProtobufError(error)}`, {
        cause: error,
      });
    }
    return;
  }
  let root: unknown;
  try {
    root = JSON.parse(utf8.decode(body));
  } catch (error) {
    throw new OtlpDecodeError(`body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const keys = JSON_KEYS[signal];
  if (!isObject(root)) throw new OtlpDecodeError(`body must be a JSON object with a \`${keys.resources}\` array`);
  listOf(root, keys.resources, "").forEach((resource, i) => {
    const where = `${keys.resources}[${i}]`;
    if (!isObject(resource)) throw new OtlpDecodeError(`${where} must be an object`, { field: where });
    listOf(resource, keys.scopes, where).forEach((scope, j) => {
      const scopeWhere = `${where}.${keys.scopes}[${j}]`;
      if (!isObject(scope)) throw new OtlpDecodeError(`${scopeWhere} must be an object`, { field: scopeWhere });
      listOf(scope, keys.items, scopeWhere);
    });
  });
}

function listOf(obj: Record<string, unknown>, key: string, where: string): unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  const field = where === "" ? key : `${where}.${key}`;
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${field} must be an array`, { field });
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
