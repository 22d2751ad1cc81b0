import type { CanonicalSpan } from "../model/span";
import { hasUsage } from "./map-span";

/** Parent chains longer than this are not followed (a cycle or a pathological trace). */
const MAX_DEPTH = 256;

/**
 * Trace totals count usage once, at the leaves: a span with usage that has a descendant with
 * usage in the same request repeats (or sums) that usage, so it is marked `usageRollup`.
 * This catches wrappers no convention names (a generation around an instrumented client call,
 * an OpenInference AGENT with token counts). Wrappers whose children arrive in another request
 * are still caught by kind (agent, chain) in `mapSpan`. One pass up each leaf's parent chain;
 * spans are looked up by span id (no key strings built) and checked to be of the same trace.
 */
export function markUsageRollups(spans: CanonicalSpan[]): void {
  let children = 0;
  for (const span of spans) if (span.parentSpanId !== "" && hasUsage(span.usage)) children++;
  if (children === 0) return;
  const byId = new Map<string, CanonicalSpan>();
  for (const span of spans) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const parentOf = (span: CanonicalSpan): CanonicalSpan | undefined => {
    if (span.parentSpanId === "") return undefined;
    const parent = byId.get(span.parentSpanId);
    return parent && parent.traceId === span.traceId ? parent : undefined;
  };
  const visited = new Set<CanonicalSpan>();
  for (const span of spans) {
    if (span.parentSpanId === "" || !hasUsage(span.usage)) continue;
    let parent = parentOf(span);
    for (let depth = 0; parent && depth < MAX_DEPTH && !visited.has(parent); depth++) {
      visited.add(parent);
      if (hasUsage(parent.usage)) parent.usageRollup = true;
      parent = parentOf(parent);
    }
  }
}
