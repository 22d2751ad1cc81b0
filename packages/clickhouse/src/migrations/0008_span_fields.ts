import type { Migration } from "./types";

// Canonical fields the mapper fills that had no column, so a span kept them only as raw
// attributes and events: input tokens written to the provider's prompt cache (OTel
// `gen_ai.usage.cache_creation.input_tokens`, OpenInference `…prompt_details.cache_write`, …),
// evaluation results (`gen_ai.evaluation.result` events) and the prompt a span used
// (OpenInference `llm.prompt_template.*`, Langfuse `langfuse.observation.prompt.*`). Added at
// the end of the row (the writer's RowBinary layout only ever grows at its end). Spans stored
// before this keep 0, `[]` and `null`.
export const migration0008: Migration = {
  version: 8,
  name: "span_fields",
  statements: [
    `ALTER TABLE spans{{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS usage_cache_creation UInt64 DEFAULT 0`,
    `ALTER TABLE spans{{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS evaluations String DEFAULT '[]' CODEC(ZSTD(3))`,
    `ALTER TABLE spans{{ON_CLUSTER}} ADD COLUMN IF NOT EXISTS prompt String DEFAULT 'null' CODEC(ZSTD(3))`,
  ],
};
