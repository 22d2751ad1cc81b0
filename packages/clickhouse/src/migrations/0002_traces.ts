import type { Migration } from "./types";

// Per-trace aggregates kept by a materialized view over `spans`. A materialized view sees
// every inserted row, including a span inserted twice by a client retry, so every
// aggregate here is idempotent under duplicate rows: min/max, argMin, uniqExact over
// span ids, and sums kept as maxMap keyed by span id (summed at read time).
// Keyed by (project, trace): a trace's start is only known once all its spans arrived,
// so it cannot be part of the key; the list query orders by the merged min(start_time).
export const migration0002: Migration = {
  version: 2,
  name: "traces",
  statements: [
    `CREATE TABLE IF NOT EXISTS traces{{ON_CLUSTER}}
(
    project_id String,
    trace_id String,
    start_time SimpleAggregateFunction(min, DateTime64(6, 'UTC')),
    end_time SimpleAggregateFunction(max, DateTime64(6, 'UTC')),
    name AggregateFunction(argMin, String, Tuple(UInt8, DateTime64(6, 'UTC'))),
    span_count AggregateFunction(uniqExact, String),
    error_count AggregateFunction(uniqExactIf, String, UInt8),
    usage SimpleAggregateFunction(maxMap, Tuple(Array(String), Array(UInt64), Array(UInt64), Array(UInt64))),
    cost SimpleAggregateFunction(maxMap, Tuple(Array(String), Array(Float64))),
    user_id SimpleAggregateFunction(max, String),
    session_id SimpleAggregateFunction(max, String),
    release SimpleAggregateFunction(max, String),
    version SimpleAggregateFunction(max, String),
    environment SimpleAggregateFunction(max, String),
    tags SimpleAggregateFunction(groupUniqArrayArray, Array(String))
)
ENGINE = {{ENGINE AggregatingMergeTree()}}
ORDER BY (project_id, trace_id)`,
    // Root name: the span without a parent wins (0 sorts before 1), else the earliest span.
    // Trace attributes: max() prefers a non-empty value over "" deterministically.
    // Source columns are qualified: the aliases (named after the target columns) shadow them.
    `CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv{{ON_CLUSTER}} TO traces AS
SELECT
    spans.project_id AS project_id,
    spans.trace_id AS trace_id,
    min(spans.start_time) AS start_time,
    max(spans.end_time) AS end_time,
    argMinState(spans.name, (toUInt8(spans.parent_span_id != ''), spans.start_time)) AS name,
    uniqExactState(spans.span_id) AS span_count,
    uniqExactIfState(spans.span_id, toUInt8(spans.status = 'error')) AS error_count,
    maxMap([spans.span_id], [spans.usage_input], [spans.usage_output], [spans.usage_total]) AS usage,
    maxMap(
        if(spans.cost IS NULL, emptyArrayString(), [spans.span_id]),
        if(spans.cost IS NULL, emptyArrayFloat64(), [ifNull(spans.cost, 0)])
    ) AS cost,
    max(spans.user_id) AS user_id,
    max(spans.session_id) AS session_id,
    max(spans.release) AS release,
    max(spans.version) AS version,
    max(spans.environment) AS environment,
    groupUniqArrayArray(spans.tags) AS tags
FROM spans
GROUP BY project_id, trace_id`,
  ],
};
