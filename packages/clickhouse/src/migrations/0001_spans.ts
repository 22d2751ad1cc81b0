import type { Migration } from "./types";

// One wide, immutable row per ended span. Retries collapse: a retried span has the same
// key (same start hour, trace and span id) and ReplacingMergeTree keeps one of them.
// The large JSON columns are ZSTD(3)-compressed and never read by list queries.
export const migration0001: Migration = {
  version: 1,
  name: "spans",
  statements: [
    `CREATE TABLE IF NOT EXISTS spans{{ON_CLUSTER}}
(
    project_id String,
    trace_id String,
    span_id String,
    parent_span_id String,
    name String,
    kind LowCardinality(String),
    start_time DateTime64(6, 'UTC'),
    end_time DateTime64(6, 'UTC'),
    duration_ms Float64,
    status LowCardinality(String),
    status_message String,
    model LowCardinality(String),
    provider LowCardinality(String),
    usage_input UInt64,
    usage_output UInt64,
    usage_total UInt64,
    usage_cache_read UInt64,
    usage_reasoning UInt64,
    cost Nullable(Float64),
    user_id String,
    session_id String,
    release String,
    version String,
    environment LowCardinality(String),
    tags Array(String),
    service_name LowCardinality(String),
    scope_name LowCardinality(String),
    ingested_at DateTime64(6, 'UTC') DEFAULT now64(6),
    input String CODEC(ZSTD(3)),
    output String CODEC(ZSTD(3)),
    documents String CODEC(ZSTD(3)),
    attributes String CODEC(ZSTD(3)),
    resource_attributes String CODEC(ZSTD(3)),
    events String CODEC(ZSTD(3)),
    model_parameters String CODEC(ZSTD(3)),
    mapped_from String CODEC(ZSTD(3)),
    INDEX idx_trace_id trace_id TYPE bloom_filter GRANULARITY 1
)
ENGINE = {{ENGINE ReplacingMergeTree()}}
PARTITION BY toYYYYMM(start_time)
ORDER BY (project_id, toStartOfHour(start_time), trace_id, span_id)`,
  ],
};
