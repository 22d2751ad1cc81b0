import type { Migration } from "./types";

// Trace totals count usage once, at the leaves. Wrapper spans repeat the usage of the model
// calls under them (the Vercel AI SDK's ai.generateText over doGenerate, invoke_agent over
// chat); the mapper flags them (`CanonicalSpan.usageRollup`), and the view leaves them out of
// the usage and cost maps. Their own rows keep their numbers (the span panel shows them).
//
// On an existing database: the column is added with DEFAULT 0 (every stored span counts, as
// before) and the view is replaced. Rows already aggregated into `traces` keep the totals they
// had; spans inserted from now on are counted by the new rule. The view is dropped and created
// while ingest is stopped (migrations run at startup, before the server accepts spans).
export const migration0003: Migration = {
  version: 3,
  name: "usage_leaves",
  statements: [
    `ALTER TABLE spans{{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS usage_rollup UInt8 DEFAULT 0`,
    `DROP VIEW IF EXISTS traces_mv{{ON_CLUSTER}}`,
    // Same as 0002's view except the usage and cost maps skip rollup spans.
    `CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv{{ON_CLUSTER}} TO traces AS
SELECT
    spans.project_id AS project_id,
    spans.trace_id AS trace_id,
    min(spans.start_time) AS start_time,
    max(spans.end_time) AS end_time,
    argMinState(spans.name, (toUInt8(spans.parent_span_id != ''), spans.start_time)) AS name,
    uniqExactState(spans.span_id) AS span_count,
    uniqExactIfState(spans.span_id, toUInt8(spans.status = 'error')) AS error_count,
    maxMap(
        if(spans.usage_rollup = 1, emptyArrayString(), [spans.span_id]),
        if(spans.usage_rollup = 1, emptyArrayUInt64(), [spans.usage_input]),
        if(spans.usage_rollup = 1, emptyArrayUInt64(), [spans.usage_output]),
        if(spans.usage_rollup = 1, emptyArrayUInt64(), [spans.usage_total])
    ) AS usage,
    maxMap(
        if(spans.cost IS NULL OR spans.usage_rollup = 1, emptyArrayString(), [spans.span_id]),
        if(spans.cost IS NULL OR spans.usage_rollup = 1, emptyArrayFloat64(), [ifNull(spans.cost, 0)])
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
