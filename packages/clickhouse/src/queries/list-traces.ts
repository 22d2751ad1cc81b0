import type { ClickHouseClient } from "@clickhouse/client";
import type { TraceListFilter, TracePage } from "@sightline/core";
import { READ_SETTINGS, toNumber } from "./convert";
import { decodeCursor, encodeCursor } from "./cursor";
import { TRACE_SUMMARY_COLUMNS, toTraceSummary, type TraceSummaryRow } from "./trace-summary";

const MAX_LIMIT = 500;

/** Trace-level conditions (on merged aggregates) for each filter field, with their parameters. */
function havingConditions(filter: TraceListFilter, params: Record<string, unknown>): string[] {
  const conditions: string[] = [];
  if (filter.from) {
    params.fromUs = filter.from.getTime() * 1000;
    conditions.push("min(start_time) >= fromUnixTimestamp64Micro({fromUs:Int64}, 'UTC')");
  }
  if (filter.to) {
    params.toUs = filter.to.getTime() * 1000;
    conditions.push("min(start_time) <= fromUnixTimestamp64Micro({toUs:Int64}, 'UTC')");
  }
  const exact: [keyof TraceListFilter, string, string][] = [
    ["name", "argMinMerge(name)", "name"],
    ["userId", "max(user_id)", "userId"],
    ["sessionId", "max(session_id)", "sessionId"],
    ["release", "max(release)", "release"],
    ["version", "max(version)", "version"],
    ["environment", "max(environment)", "environment"],
  ];
  for (const [field, expression, param] of exact) {
    const value = filter[field];
    if (typeof value === "string" && value !== "") {
      params[param] = value;
      conditions.push(`${expression} = {${param}:String}`);
    }
  }
  if (filter.status === "error") conditions.push("uniqExactIfMerge(error_count) > 0");
  if (filter.status === "ok") conditions.push("uniqExactIfMerge(error_count) = 0");
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    params.cursorUs = cursor.startUs;
    params.cursorTraceId = cursor.traceId;
    conditions.push("(min(start_time), trace_id) < (fromUnixTimestamp64Micro({cursorUs:Int64}, 'UTC'), {cursorTraceId:String})");
  }
  return conditions;
}

/**
 * A page of traces, newest first, from the `traces` aggregate table only. First the page's
 * trace ids are chosen on cheap merged columns (start, filters); then only those traces get
 * their full aggregates (span counts, usage and cost maps). Keyset pagination on
 * (start, trace id); one extra row tells whether there is a next page.
 */
export async function listTraces(client: ClickHouseClient, projectId: string, filter: TraceListFilter): Promise<TracePage> {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(filter.limit ?? 50)));
  const params: Record<string, unknown> = { projectId, limitPlusOne: limit + 1 };
  const having = havingConditions(filter, params);
  const query = `
SELECT ${TRACE_SUMMARY_COLUMNS}
FROM traces
WHERE project_id = {projectId:String}
  AND trace_id IN (
    SELECT trace_id
    FROM traces
    WHERE project_id = {projectId:String}
    GROUP BY trace_id
    ${having.length ? `HAVING ${having.join("\n      AND ")}` : ""}
    ORDER BY min(start_time) DESC, trace_id DESC
    LIMIT {limitPlusOne:UInt32}
  )
GROUP BY trace_id
ORDER BY start_us DESC, trace_id DESC`;
  const result = await client.query({ query, query_params: params, format: "JSONEachRow", clickhouse_settings: READ_SETTINGS });
  const rows = await result.json<TraceSummaryRow>();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map(toTraceSummary),
    nextCursor: rows.length > limit && last ? encodeCursor({ startUs: toNumber(last.start_us), traceId: last.trace_id }) : null,
  };
}
