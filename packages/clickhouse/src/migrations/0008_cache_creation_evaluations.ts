import type { Migration } from "./types";

// Two canonical fields the mapper fills that had no column, so a span kept them only as raw
// attributes and events: input tokens written to the provider's prompt cache (OTel
// `gen_ai.usage.cache_creation.input_tokens`, OpenInference `…prompt_details.cache_write`,
// …) and evaluation results (`gen_ai.evaluation.result` events). Added at the end of the row
// (the writer's RowBinary layout only ever grows at its end). Spans stored before this keep 0
// and `[]`.
export const migration0008: Migration = {
  version: 8,
  name: "cache_creation_evaluations",
  statements: [
    `ALTER TABLE spans{{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS usage_cache_creation UInt64 DEFAULT 0`,
    `ALTER TABLE spans{{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS evaluations String DEFAULT '[]' CODEC(ZSTD(3))`,
  ],
};
