import type { SpanKind } from "@sightline/core";

export interface KindStyle {
  /** Short label for the badge. */
  label: string;
  /** One or two letters for the compact icon in the tree. */
  glyph: string;
  /** Badge classes (background, text, ring). */
  badge: string;
  /** Waterfall bar colour. */
  bar: string;
}

// Full class strings (not composed) so Tailwind's scanner sees every one of them.
const STYLES: Record<SpanKind, KindStyle> = {
  generation: { label: "generation", glyph: "G", badge: "bg-violet-50 text-violet-700 ring-violet-200", bar: "bg-violet-500" },
  retrieval: { label: "retrieval", glyph: "R", badge: "bg-amber-50 text-amber-800 ring-amber-200", bar: "bg-amber-500" },
  embedding: { label: "embedding", glyph: "E", badge: "bg-teal-50 text-teal-700 ring-teal-200", bar: "bg-teal-500" },
  tool: { label: "tool", glyph: "T", badge: "bg-sky-50 text-sky-700 ring-sky-200", bar: "bg-sky-500" },
  agent: { label: "agent", glyph: "A", badge: "bg-indigo-50 text-indigo-700 ring-indigo-200", bar: "bg-indigo-500" },
  chain: { label: "chain", glyph: "C", badge: "bg-emerald-50 text-emerald-700 ring-emerald-200", bar: "bg-emerald-500" },
  reranker: { label: "reranker", glyph: "Rr", badge: "bg-orange-50 text-orange-700 ring-orange-200", bar: "bg-orange-500" },
  guardrail: { label: "guardrail", glyph: "Gr", badge: "bg-fuchsia-50 text-fuchsia-700 ring-fuchsia-200", bar: "bg-fuchsia-500" },
  evaluator: { label: "evaluator", glyph: "Ev", badge: "bg-lime-50 text-lime-800 ring-lime-200", bar: "bg-lime-500" },
  event: { label: "event", glyph: "•", badge: "bg-gray-100 text-gray-700 ring-gray-200", bar: "bg-gray-500" },
  span: { label: "span", glyph: "S", badge: "bg-gray-100 text-gray-600 ring-gray-200", bar: "bg-gray-400" },
};

export const ERROR_BAR_CLASS = "bg-red-500";

export function kindStyle(kind: string): KindStyle {
  return (STYLES as Record<string, KindStyle | undefined>)[kind] ?? STYLES.span;
}
