import type { ClickHouseClient } from "@clickhouse/client";
import type { RetrievedDocument, SpanEvaluation, SpanKind, SpanPrompt, SpanStatus, SpanView, TraceDetail, Usage } from "@sightline/core";
import { READ_SETTINGS, emptyToNull, isoFromMicros, parseJsonColumn, toNumber } from "./convert";
import { TRACE_SUMMARY_COLUMNS, toTraceSummary, type TraceSummaryRow } from "./trace-summary";

interface SpanRowOut {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  name: string;
  kind: string;
  start_us: string;
  end_us: string;
  duration_ms: number;
  status: string;
  status_message: string;
  model: string;
  provider: string;
  usage_input: string;
  usage_output: string;
  usage_total: string;
  usage_cache_read: string;
  usage_reasoning: string;
  usage_cache_creation: string;
  usage_rollup: number;
  cost: number | null;
  model_parameters: string;
  input: string;
  output: string;
  documents: string;
  attributes: string;
  resource_attributes: string;
  events: string;
  mapped_from: string;
  evaluations: string;
  prompt: string;
  service_name: string;
}

interface StoredEvent {
  name?: unknown;
  timeUs?: unknown;
  attributes?: unknown;
}

const asObject = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function toSpanView(row: SpanRowOut): SpanView {
  return {
    traceId: row.trace_id,
    spanId: row.span_id,
    parentSpanId: emptyToNull(row.parent_span_id),
    name: row.name,
    kind: row.kind as SpanKind,
    startTime: isoFromMicros(row.start_us),
    endTime: isoFromMicros(row.end_us),
    durationMs: Number(row.duration_ms),
    status: row.status as SpanStatus,
    statusMessage: row.status_message,
    model: emptyToNull(row.model),
    provider: emptyToNull(row.provider),
    usage: toUsage(row),
    usageRollup: Number(row.usage_rollup) === 1,
    cost: row.cost === null ? null : Number(row.cost),
    modelParameters: asObject(parseJsonColumn(row.model_parameters)),
    input: parseJsonColumn(row.input),
    output: parseJsonColumn(row.output),
    documents: asArray(parseJsonColumn(row.documents)) as RetrievedDocument[],
    attributes: asObject(parseJsonColumn(row.attributes)),
    resourceAttributes: asObject(parseJsonColumn(row.resource_attributes)),
    events: asArray(parseJsonColumn(row.events)).map((value) => {
      const event = asObject(value) as StoredEvent;
      return {
        name: typeof event.name === "string" ? event.name : "",
        time: isoFromMicros(typeof event.timeUs === "number" ? event.timeUs : 0),
        attributes: asObject(event.attributes),
      };
    }),
    mappedFrom: asObject(parseJsonColumn(row.mapped_from)) as Record<string, string>,
    evaluations: asArray(parseJsonColumn(row.evaluations)).filter(isEvaluation),
    prompt: toPrompt(parseJsonColumn(row.prompt)),
    serviceName: row.service_name,
  };
}

function toUsage(row: SpanRowOut): Usage {
  const usage: Usage = {
    input: toNumber(row.usage_input),
    output: toNumber(row.usage_output),
    total: toNumber(row.usage_total),
    cacheRead: toNumber(row.usage_cache_read),
    reasoning: toNumber(row.usage_reasoning),
  };
  // 0 is also what spans stored before the column hold: shown as "not reported".
  const cacheCreation = toNumber(row.usage_cache_creation);
  if (cacheCreation > 0) usage.cacheCreation = cacheCreation;
  return usage;
}

function toPrompt(value: unknown): SpanPrompt | null {
  const stored = asObject(value);
  const prompt: SpanPrompt = {};
  for (const key of ["name", "version", "template"] as const) if (typeof stored[key] === "string") prompt[key] = stored[key];
  const variables = asObject(stored.variables);
  if (Object.keys(variables).length > 0) prompt.variables = variables;
  return Object.keys(prompt).length > 0 ? prompt : null;
}

const isEvaluation = (value: unknown): value is SpanEvaluation =>
  value !== null && typeof value === "object" && typeof (value as SpanEvaluation).name === "string";

/**
 * One trace: its summary from `traces` (key lookup on project + trace id), then its spans
 * from `spans` within the trace's own time window (prunes partitions and the hour in the
 * sort key; the trace_id bloom filter skips the other granules). `LIMIT 1 BY span_id`
 * hides duplicates not yet collapsed by ReplacingMergeTree, without FINAL.
 */
export async function getTrace(client: ClickHouseClient, projectId: string, traceId: string): Promise<TraceDetail | null> {
  const summaryResult = await client.query({
    query: `SELECT ${TRACE_SUMMARY_COLUMNS}
FROM traces
WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
GROUP BY trace_id`,
    query_params: { projectId, traceId },
    format: "JSONEachRow",
    clickhouse_settings: READ_SETTINGS,
  });
  const summaryRow = (await summaryResult.json<TraceSummaryRow>())[0];
  if (!summaryRow) return null;

  const spansResult = await client.query({
    query: `SELECT
    trace_id, span_id, parent_span_id, name, kind,
    toUnixTimestamp64Micro(start_time) AS start_us,
    toUnixTimestamp64Micro(end_time) AS end_us,
    duration_ms, status, status_message, model, provider,
    usage_input, usage_output, usage_total, usage_cache_read, usage_reasoning, usage_cache_creation, usage_rollup, cost,
    model_parameters, input, output, documents, attributes, resource_attributes, events, mapped_from, evaluations, prompt, service_name
FROM spans
WHERE project_id = {projectId:String}
  AND trace_id = {traceId:String}
  AND start_time >= fromUnixTimestamp64Micro({startUs:Int64}, 'UTC')
  AND start_time <= fromUnixTimestamp64Micro({lastStartUs:Int64}, 'UTC')
ORDER BY start_time, span_id
LIMIT 1 BY span_id`,
    // Every span starts within [trace start, trace end].
    query_params: { projectId, traceId, startUs: toNumber(summaryRow.start_us), lastStartUs: toNumber(summaryRow.end_us) },
    format: "JSONEachRow",
    clickhouse_settings: READ_SETTINGS,
  });
  const spans = (await spansResult.json<SpanRowOut>()).map(toSpanView);
  return { ...toTraceSummary(summaryRow), spans };
}
