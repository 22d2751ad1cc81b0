import type { SpanView } from "@sightline/core";
import { isRecord, parseJsonContainer } from "./json-value";

const CONVENTION_LABELS: Record<string, string> = {
  gen_ai: "gen_ai",
  openinference: "openinference",
  openllmetry: "openllmetry",
  otel: "otel",
  langfuse: "langfuse",
};

/**
 * Which convention supplied a canonical field, as a short hint ("via gen_ai"). Our own
 * `sightline.*` attributes need no hint. Several keys may be tried because usage fields
 * can be recorded as a whole ("usage") or one by one ("usage.input").
 */
export function mappedVia(mappedFrom: Record<string, string>, ...fields: string[]): string | null {
  for (const field of fields) {
    const convention = mappedFrom[field];
    if (convention && convention !== "sightline") return CONVENTION_LABELS[convention] ?? convention;
  }
  return null;
}

const QUERY_ATTRIBUTE_KEYS = [
  "sightline.retrieval.query",
  "gen_ai.retrieval.query.text",
  "reranker.query",
  "db.vector.query",
  "input.value",
];

/** The query text of a retrieval span: its input when that is text, else a known attribute. */
export function retrievalQuery(span: Pick<SpanView, "input" | "attributes">): string | null {
  const input = parseJsonContainer(span.input);
  if (typeof input === "string" && input.trim() !== "") return input;
  if (isRecord(input)) {
    for (const key of ["query", "text", "input", "question"]) {
      const value = input[key];
      if (typeof value === "string" && value.trim() !== "") return value;
    }
  }
  for (const key of QUERY_ATTRIBUTE_KEYS) {
    const value = span.attributes[key];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return null;
}

/** Kinds whose input/output are conversations rather than arbitrary data. */
export function isChatKind(kind: SpanView["kind"]): boolean {
  return kind === "generation";
}
