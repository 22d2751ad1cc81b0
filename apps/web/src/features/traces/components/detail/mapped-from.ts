/**
 * The span panel's "Mapped from" section: which attribute convention supplied each canonical
 * field (`SpanView.mappedFrom`), grouped by convention in the mapper's precedence order.
 */

/** Display names of the conventions, in mapping precedence order (see packages/core MAPPING_TABLE). */
const CONVENTIONS: readonly (readonly [string, string])[] = [
  ["sightline", "Sightline SDK"],
  ["gen_ai", "OTel GenAI"],
  ["openinference", "OpenInference"],
  ["openllmetry", "OpenLLMetry"],
  ["vercel_ai", "Vercel AI SDK"],
  ["langfuse", "Langfuse"],
  ["otel", "OpenTelemetry"],
  ["computed", "Computed by Sightline"],
];

/** Canonical field → label, in the order the panel shows fields. */
const FIELDS: readonly (readonly [string, string])[] = [
  ["kind", "kind"],
  ["status", "status"],
  ["model", "model"],
  ["provider", "provider"],
  ["usage.input", "input tokens"],
  ["usage.output", "output tokens"],
  ["usage.total", "total tokens"],
  ["usage.cacheRead", "cached tokens"],
  ["usage.cacheCreation", "cache-write tokens"],
  ["usage.reasoning", "reasoning tokens"],
  ["cost", "cost"],
  ["modelParameters", "model parameters"],
  ["input", "input"],
  ["output", "output"],
  ["documents", "documents"],
  ["evaluations", "evaluations"],
  ["prompt", "prompt"],
  ["userId", "user"],
  ["sessionId", "session"],
  ["release", "release"],
  ["version", "version"],
  ["environment", "environment"],
  ["tags", "tags"],
];

export interface MappedFromGroup {
  convention: string;
  label: string;
  fields: string[];
}

const FIELD_ORDER = new Map(FIELDS.map(([field], i) => [field, i]));
const FIELD_LABELS = new Map(FIELDS);
const CONVENTION_ORDER = new Map(CONVENTIONS.map(([id], i) => [id, i]));
const CONVENTION_LABELS = new Map(CONVENTIONS);

/**
 * Groups `mappedFrom` by convention: known conventions first in precedence order, unknown
 * ones after (shown by their id); fields in panel order, unknown fields last by name.
 * Values that are not strings are ignored (stored data is not trusted to be well-formed).
 */
export function groupMappedFrom(mappedFrom: Record<string, unknown>): MappedFromGroup[] {
  const byConvention = new Map<string, string[]>();
  for (const [field, convention] of Object.entries(mappedFrom)) {
    if (typeof convention !== "string" || convention === "") continue;
    const list = byConvention.get(convention);
    if (list) list.push(field);
    else byConvention.set(convention, [field]);
  }
  const rank = (order: Map<string, number>, key: string) => order.get(key) ?? Number.MAX_SAFE_INTEGER;
  return [...byConvention.entries()]
    .sort(([a], [b]) => rank(CONVENTION_ORDER, a) - rank(CONVENTION_ORDER, b) || a.localeCompare(b))
    .map(([convention, fields]) => ({
      convention,
      label: CONVENTION_LABELS.get(convention) ?? convention,
      fields: fields
        .sort((a, b) => rank(FIELD_ORDER, a) - rank(FIELD_ORDER, b) || a.localeCompare(b))
        .map((field) => FIELD_LABELS.get(field) ?? field),
    }));
}
