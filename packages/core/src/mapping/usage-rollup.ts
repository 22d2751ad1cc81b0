import type { CanonicalSpan } from "../model/span";
import { hasUsage } from "./map-span";

/** Parent chains longer than this are not followed (a cycle or a pathological trace). */
const MAX_DEPTH = 256;

/**
 * Trace totals count usage once, at the leaves: a span with usage that has a descendant with
 * usage in the same request repeats (or sums) that usage, so it is marked `usageRollup`.
 * This catches wrappers no convention names (a generation around an instrumented client call,
 * an OpenInference AGENT with token counts). Wrappers whose children arrive in another request
 * are still caught by kind (agent, chain) in `mapSpan`. One pass up each leaf's parent chain.
 */
export function markUsageRollups(spans: CanonicalSpan[]): void {
  let withUsage = 0;
  for (const span of spans) if (hasUsage(span.usage)) withUsage++;
  if (withUsage < 2) return;
  const byId = new Map<string, CanonicalSpan>();
  for (const span of spans) byId.set(span.traceId + span.spanId, span);
  const done = new Set<CanonicalSpan>();
  for (const span of spans) {
    if (!hasUsage(span.usage)) continue;
    let parent = span.parentSpanId === "" ? undefined : byId.get(span.traceId + span.parentSpanId);
    for (let depth = 0; parent && depth < MAX_DEPTH && !done.has(parent); depth++) {
      done.add(parent);
      if (hasUsage(parent.usage)) parent.usageRollup = true;
      parent = parent.parentSpanId === "" ? undefined : byId.get(parent.traceId + parent.parentSpanId);
    }
  }
}
