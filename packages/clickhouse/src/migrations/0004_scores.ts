import type { Migration } from "./types";

// Scores (flags, ratings, labels) as append-only events: a score is never updated in place;
// posting the same id again on the same trace appends a newer version. ReplacingMergeTree
// keyed on (project, trace, id) with `created_at` as the version keeps the latest one when
// parts merge, and reads pick the latest per id themselves (`LIMIT 1 BY id`), so they never
// need FINAL. Not partitioned: a re-posted score must meet its earlier versions whatever its
// timestamp, and scores are few next to spans. The sort key makes "scores of a trace" a
// key-prefix range.
export const migration0004: Migration = {
  version: 4,
  name: "scores",
  statements: [
    `CREATE TABLE IF NOT EXISTS scores{{ON_CLUSTER}}
(
    project_id String,
    id String,
    trace_id String,
    span_id String,
    name String,
    data_type LowCardinality(String),
    value Float64,
    string_value String,
    comment String CODEC(ZSTD(3)),
    source LowCardinality(String),
    author String,
    timestamp DateTime64(6, 'UTC'),
    created_at DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = {{ENGINE ReplacingMergeTree(created_at)}}
ORDER BY (project_id, trace_id, id)`,
  ],
};
