import type { TraceSummary } from "@sightline/core";
import { isoFromMicros, toNumber } from "./convert";

/**
 * Merges a trace's rows of `traces` (one per insert block until background merges) into
 * its summary. Sums are over the per-span maps, so a span inserted twice counts once.
 * Aliases differ from column names so HAVING/ORDER BY never mistake one for the other.
 */
export const TRACE_SUMMARY_COLUMNS = `
    trace_id,
    toUnixTimestamp64Micro(min(start_time)) AS start_us,
    toUnixTimestamp64Micro(max(end_time)) AS end_us,
    argMinMerge(name) AS trace_name,
    uniqExactMerge(span_count) AS spans,
    uniqExactIfMerge(error_count) AS errors,
    maxMap(usage) AS usage_by_span,
    arraySum(usage_by_span.2) AS input_tokens,
    arraySum(usage_by_span.3) AS output_tokens,
    arraySum(usage_by_span.4) AS total_tokens,
    maxMap(cost) AS cost_by_span,
    if(empty(cost_by_span.1), NULL, arraySum(cost_by_span.2)) AS total_cost,
    max(user_id) AS trace_user_id,
    max(session_id) AS trace_session_id,
    max(release) AS trace_release,
    max(version) AS trace_version,
    max(environment) AS trace_environment,
    arraySort(groupUniqArrayArray(tags)) AS trace_tags`;

export interface TraceSummaryRow {
  trace_id: string;
  start_us: string;
  end_us: string;
  trace_name: string;
  spans: string;
  errors: string;
  input_tokens: string;
  output_tokens: string;
  total_tokens: string;
  total_cost: number | null;
  trace_user_id: string;
  trace_session_id: string;
  trace_release: string;
  trace_version: string;
  trace_environment: string;
  trace_tags: string[];
}

export function toTraceSummary(row: TraceSummaryRow): TraceSummary {
  const startUs = toNumber(row.start_us);
  const endUs = toNumber(row.end_us);
  return {
    traceId: row.trace_id,
    name: row.trace_name,
    startTime: isoFromMicros(startUs),
    endTime: isoFromMicros(endUs),
    durationMs: (endUs - startUs) / 1000,
    spanCount: toNumber(row.spans),
    errorCount: toNumber(row.errors),
    usage: { input: toNumber(row.input_tokens), output: toNumber(row.output_tokens), total: toNumber(row.total_tokens) },
    cost: row.total_cost === null ? null : Number(row.total_cost),
    userId: row.trace_user_id,
    sessionId: row.trace_session_id,
    release: row.trace_release,
    version: row.trace_version,
    environment: row.trace_environment,
    tags: row.trace_tags,
  };
}
