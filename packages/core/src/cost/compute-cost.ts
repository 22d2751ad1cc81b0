import type { CanonicalSpan } from "../model/span";
import type { CostUsage, ModelPrice } from "./model-price";
import type { PriceMatcher } from "./price-matcher";

const PER_MILLION = 1_000_000;

/**
 * USD cost of `usage` at `price`. Input counts include cached reads and cache writes
 * (OTel GenAI semantics), so those are taken out of the input and billed at their own
 * rates, never twice; output includes reasoning, billed at the reasoning rate when the
 * price has one. A missing optional rate falls back to the input (cache) or output
 * (reasoning) rate.
 */
export function computeCost(usage: CostUsage, price: ModelPrice): number {
  const cacheRead = Math.max(0, usage.cacheRead);
  const cacheCreation = Math.max(0, usage.cacheCreation ?? 0);
  const freshInput = Math.max(0, usage.input - cacheRead - cacheCreation);
  const reasoning = Math.max(0, usage.reasoning);
  const plainOutput = Math.max(0, usage.output - reasoning);
  const dollars =
    (freshInput * price.input +
      cacheRead * (price.cachedInput ?? price.input) +
      cacheCreation * (price.cacheCreation ?? price.input) +
      plainOutput * price.output +
      reasoning * (price.reasoning ?? price.output)) /
    PER_MILLION;
  // Keep sums free of binary noise such as 0.00013500000000000002.
  return Math.round(dollars * 1e12) / 1e12;
}

/** True when a span reports tokens worth pricing (a span without usage gets no cost, not $0). */
export function hasBillableUsage(usage: CostUsage): boolean {
  return usage.input > 0 || usage.output > 0 || usage.cacheRead > 0 || (usage.cacheCreation ?? 0) > 0;
}

/** `mappedFrom.cost` of a span whose cost Sightline computed from a price table. */
export const COMPUTED_COST_SOURCE = "computed";

/**
 * Fills `cost` on spans that carry a model and token usage but no provided cost, in place
 * (provided costs always win). Marks each computed cost in `mappedFrom.cost`. Returns how
 * many spans got a cost; spans whose model matches no price keep `cost: null`.
 */
export function applyComputedCosts(spans: CanonicalSpan[], matcher: PriceMatcher): number {
  let computed = 0;
  for (const span of spans) {
    if (span.cost !== null || span.model === "" || !hasBillableUsage(span.usage)) continue;
    const price = matcher.match(span.model);
    if (!price) continue;
    span.cost = computeCost(span.usage, price);
    span.mappedFrom.cost = COMPUTED_COST_SOURCE;
    computed++;
  }
  return computed;
}
