/**
 * Reduces the many spellings of one model to the vendor's own name, so one price entry
 * covers them all:
 *
 * - router/provider prefixes: `openai/gpt-4o`, `anthropic/claude-3.5-sonnet`, `openai:gpt-4o`
 * - Vertex resource names: `publishers/google/models/gemini-1.5-pro`,
 *   `projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro-002`
 * - Bedrock ids and ARNs: `anthropic.claude-3-5-sonnet-20240620-v1:0`,
 *   `us.anthropic.claude-3-5-sonnet-20241022-v2:0`, `arn:aws:bedrock:…:foundation-model/meta.llama3-…`
 * - Vertex version tags: `claude-3-5-sonnet-v2@20241022`
 *
 * Dated snapshots (`gpt-4o-2024-08-06`) are kept: some snapshots have prices of their own;
 * the price patterns accept the date suffixes.
 */
export function normalizeModelName(name: string): string {
  let model = name.trim().toLowerCase();
  const slash = model.lastIndexOf("/");
  if (slash >= 0) model = model.slice(slash + 1);
  model = model.replace(KNOWN_PROVIDER_COLON, "");
  model = model.replace(BEDROCK_GEO_PREFIX, "");
  model = model.replace(BEDROCK_VENDOR_PREFIX, "");
  model = model.replace(VERTEX_VERSION_TAG, "");
  model = model.replace(BEDROCK_VERSION_SUFFIX, "");
  // Vertex names Claude revisions `-v2` (`claude-3-5-sonnet-v2@20241022`); elsewhere `-v3` is
  // part of the name (`deepseek-v3`), so only Claude loses it.
  if (model.startsWith("claude-")) model = model.replace(/-v\d+$/, "");
  return model;
}

const VENDORS = "anthropic|meta|mistral|cohere|amazon|ai21|deepseek|openai|google|xai|x-ai|writer|qwen";
const KNOWN_PROVIDER_COLON = new RegExp(`^(?:${VENDORS}|azure|bedrock|vertex|vertex_ai|gemini|groq|together|fireworks):`);
// Cross-region inference profiles put a geography in front of the Bedrock id.
const BEDROCK_GEO_PREFIX = /^(?:us|eu|apac|ap|au|ca|jp|global|us-gov)\.(?=[a-z0-9-]+\.)/;
const BEDROCK_VENDOR_PREFIX = new RegExp(`^(?:${VENDORS})\\.`);
const VERTEX_VERSION_TAG = /@[a-z0-9._-]*$/;
// `-v1:0`, `-v2:0`, or a bare `:0` throughput suffix.
const BEDROCK_VERSION_SUFFIX = /(?:-v\d+)?:\d+$/;
