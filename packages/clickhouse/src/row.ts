import type { CanonicalSpan } from "@sightline/core";

/** One line of the `spans` table in JSONEachRow (ingested_at is left to its DEFAULT). */
export interface SpanRow {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  kind: string;
  /** "YYYY-MM-DD hh:mm:ss.ffffff" in UTC: parsed the same way by every ClickHouse version. */
  start_time: string;
  end_time: string;
  duration_ms: number;
  status: string;
  status_message: string;
  model: string;
  provider: string;
  usage_input: number;
  usage_output: number;
  usage_total: number;
  usage_cache_read: number;
  usage_reasoning: number;
  cost: number | null;
  user_id: string;
  session_id: string;
  release: string;
  version: string;
  environment: string;
  tags: string[];
  service_name: string;
  scope_name: string;
  // Large values, stored as JSON text (see jsonColumn).
  input: JsonColumn;
  output: JsonColumn;
  documents: JsonColumn;
  attributes: JsonColumn;
  resource_attributes: JsonColumn;
  events: JsonColumn;
  model_parameters: JsonColumn;
  mapped_from: JsonColumn;
  /** 1 when the span's usage repeats its descendants' (migration 0003): trace totals skip it. */
  usage_rollup: number;
  /** Input tokens written to the provider's prompt cache (migration 0008); 0 when not reported. */
  usage_cache_creation: number;
  /** SpanEvaluation[] as JSON (migration 0008). */
  evaluations: JsonColumn;
  /** SpanPrompt as JSON, or null (migration 0008). */
  prompt: JsonColumn;
}

/**
 * A JSON-text column in a row: an object or array goes into the NDJSON line as JSON and the
 * engine stores its text (input_format_json_read_objects_as_strings / …arrays_as_strings),
 * so each row is serialized once instead of escaping JSON inside JSON; any other value
 * travels as its JSON text.
 */
export type JsonColumn = string | object;

/** The settings that make the engine store object/array values of String columns as their JSON text. */
export const JSON_COLUMN_SETTINGS = {
  input_format_json_read_objects_as_strings: 1,
  input_format_json_read_arrays_as_strings: 1,
} as const;

/** Column name → ClickHouse type for every SpanRow field, in table order. */
export const SPAN_ROW_COLUMNS = [
  ["project_id", "String"],
  ["trace_id", "String"],
  ["span_id", "String"],
  ["parent_span_id", "String"],
  ["name", "String"],
  ["kind", "LowCardinality(String)"],
  ["start_time", "DateTime64(6, 'UTC')"],
  ["end_time", "DateTime64(6, 'UTC')"],
  ["duration_ms", "Float64"],
  ["status", "LowCardinality(String)"],
  ["status_message", "String"],
  ["model", "LowCardinality(String)"],
  ["provider", "LowCardinality(String)"],
  ["usage_input", "UInt64"],
  ["usage_output", "UInt64"],
  ["usage_total", "UInt64"],
  ["usage_cache_read", "UInt64"],
  ["usage_reasoning", "UInt64"],
  ["cost", "Nullable(Float64)"],
  ["user_id", "String"],
  ["session_id", "String"],
  ["release", "String"],
  ["version", "String"],
  ["environment", "LowCardinality(String)"],
  ["tags", "Array(String)"],
  ["service_name", "LowCardinality(String)"],
  ["scope_name", "LowCardinality(String)"],
  ["input", "String"],
  ["output", "String"],
  ["documents", "String"],
  ["attributes", "String"],
  ["resource_attributes", "String"],
  ["events", "String"],
  ["model_parameters", "String"],
  ["mapped_from", "String"],
  ["usage_rollup", "UInt8"],
  ["usage_cache_creation", "UInt64"],
  ["evaluations", "String"],
  ["prompt", "String"],
] as const satisfies readonly (readonly [keyof SpanRow, string])[];

/**
 * The columns of rows written before migration 0008 (a prefix of SPAN_ROW_COLUMNS: columns are
 * only ever appended), for write-ahead-log files such a version left behind.
 */
export const SPAN_ROW_COLUMNS_V1 = SPAN_ROW_COLUMNS.slice(0, SPAN_ROW_COLUMNS.findIndex(([name]) => name === "usage_rollup") + 1);

/** The structure argument of file(…, JSONEachRow, '<structure>'), so nothing is inferred from the data. */
export const SPAN_ROW_STRUCTURE = SPAN_ROW_COLUMNS.map(([name, type]) => `${name} ${type}`).join(", ");
export const SPAN_ROW_COLUMN_LIST = SPAN_ROW_COLUMNS.map(([name]) => name).join(", ");

/** Microseconds since the epoch → "YYYY-MM-DD hh:mm:ss.ffffff" (UTC). */
export function formatDateTime64(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = us - Math.floor(us / 1_000_000) * 1_000_000;
  const iso = new Date(ms).toISOString(); // "2026-11-23T10:00:00.123Z"
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros).padStart(6, "0")}`;
}

const json = (value: unknown): JsonColumn => (value !== null && typeof value === "object" ? value : JSON.stringify(value ?? null));
/** UInt64 columns reject negatives and fractions: clamp bad counts rather than fail the batch. */
const count = (n: number): number => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

export function spanToRow(span: CanonicalSpan): SpanRow {
  return {
    project_id: span.projectId,
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    start_time: formatDateTime64(span.startTimeUs),
    end_time: formatDateTime64(span.endTimeUs),
    duration_ms: (span.endTimeUs - span.startTimeUs) / 1000,
    status: span.status,
    status_message: span.statusMessage,
    model: span.model,
    provider: span.provider,
    usage_input: count(span.usage.input),
    usage_output: count(span.usage.output),
    usage_total: count(span.usage.total),
    usage_cache_read: count(span.usage.cacheRead),
    usage_reasoning: count(span.usage.reasoning),
    cost: span.cost !== null && Number.isFinite(span.cost) ? span.cost : null,
    user_id: span.userId,
    session_id: span.sessionId,
    release: span.release,
    version: span.version,
    environment: span.environment,
    tags: span.tags,
    service_name: span.serviceName,
    scope_name: span.scopeName,
    input: json(span.input),
    output: json(span.output),
    documents: json(span.documents),
    attributes: json(span.attributes),
    resource_attributes: json(span.resourceAttributes),
    events: json(span.events),
    model_parameters: json(span.modelParameters),
    mapped_from: json(span.mappedFrom),
    usage_rollup: span.usageRollup ? 1 : 0,
    usage_cache_creation: count(span.usage.cacheCreation ?? 0),
    evaluations: json(span.evaluations ?? []),
    prompt: json(span.prompt ?? null),
  };
}

