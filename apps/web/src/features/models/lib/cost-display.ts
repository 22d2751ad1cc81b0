import type { SpanView, TraceSummary } from "@sightline/core";
import { formatCost } from "@/features/traces/lib/format";

/**
 * How a cost reads in the UI. A model call whose model matches no price shows "no price"
 * (never $0: that would claim it was free); a span or trace without any token usage shows
 * "–"; a trace whose spans are only partly priced shows the sum of the priced ones and says so.
 */
export interface CostDisplay {
  text: string;
  state: "priced" | "unpriced" | "none";
  /** Set when a trace's sum leaves out model calls that have no price. */
  hint?: string;
}

type CostedSpan = Pick<SpanView, "spanId" | "parentSpanId" | "cost" | "model" | "usage">;

const NO_PRICE = "no price";
const hasTokens = (usage: { input: number; output: number; total: number }) => usage.input > 0 || usage.output > 0 || usage.total > 0;

export function spanCostDisplay(span: Pick<SpanView, "cost" | "model" | "usage">): CostDisplay {
  if (span.cost !== null) return { text: formatCost(span.cost), state: "priced" };
  if (span.model && hasTokens(span.usage)) return { text: NO_PRICE, state: "unpriced" };
  return { text: formatCost(null), state: "none" };
}

/**
 * A trace's cost. With its spans (the detail page) the unpriced model calls are counted,
 * leaves only (a wrapper repeating its children's usage is not a call of its own); the
 * list has only the summary, so there a sum is shown as it is.
 */
export function traceCostDisplay(trace: Pick<TraceSummary, "cost" | "usage">, spans?: readonly CostedSpan[]): CostDisplay {
  const unpriced = spans ? unpricedCalls(spans) : 0;
  if (trace.cost === null) {
    if (unpriced > 0 || (!spans && hasTokens(trace.usage))) return { text: NO_PRICE, state: "unpriced" };
    return { text: formatCost(null), state: "none" };
  }
  const display: CostDisplay = { text: formatCost(trace.cost), state: "priced" };
  if (unpriced > 0) {
    display.hint = `${unpriced} model call${unpriced === 1 ? " has" : "s have"} no price and ${unpriced === 1 ? "is" : "are"} not included`;
  }
  return display;
}

function unpricedCalls(spans: readonly CostedSpan[]): number {
  const parentsOfUsage = new Set(spans.filter((span) => hasTokens(span.usage) && span.parentSpanId).map((span) => span.parentSpanId));
  return spans.filter((span) => span.cost === null && span.model && hasTokens(span.usage) && !parentsOfUsage.has(span.spanId)).length;
}
