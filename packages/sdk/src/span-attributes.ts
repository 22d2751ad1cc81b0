import { SL } from "./attribute-keys.js";
import type { AttrValue } from "./attribute-value.js";
import type { FinishedSpan } from "./finished-span.js";
import { safeStringify } from "./safe-json.js";

/** Where the spans come from: the resource attributes and the instrumentation scope. */
export interface ExportOrigin {
  resourceAttributes: ReadonlyArray<readonly [string, AttrValue]>;
  scopeName: string;
  scopeVersion: string;
}

/**
 * The attributes sent for a span, for either wire format: its own, then its trace's (read
 * now, so late `setTraceAttributes` calls count). The trace's root span (in this process)
 * also carries the trace-level input and metadata.
 */
export function wireAttributes<C>(span: FinishedSpan, visit: (context: C, key: string, value: AttrValue) => void, context: C): void {
  // A module-level visitor plus a context object (no closure per span), and Map.forEach
  // (no [key, value] array per entry): this runs for every span sent.
  const traceAttributes = span.trace.attributes();
  const skipTraceKeys = traceAttributes.length > 0;
  const isRoot = span.spanId === span.trace.rootSpanId;
  visit(context, SL.kind, span.kind);
  span.attributes?.forEach((value, key) => {
    if (skipTraceKeys && isTraceKey(key)) return; // the trace's current value wins
    if (isRoot && key === SL.metadata) return; // merged below
    if (key === SL.kind) return; // sent above, from the span itself
    visit(context, key, value);
  });
  for (let i = 0; i < traceAttributes.length; i++) visit(context, traceAttributes[i]![0], traceAttributes[i]![1]);
  if (isRoot) {
    if (!span.attributes?.has(SL.input) && span.trace.rootInputJson !== undefined) visit(context, SL.input, span.trace.rootInputJson);
    const metadata = mergedRootMetadata(span);
    if (metadata !== undefined) visit(context, SL.metadata, metadata);
  }
}

function isTraceKey(key: string): boolean {
  return key.startsWith("sightline.trace.");
}

function mergedRootMetadata(span: FinishedSpan): string | undefined {
  const own = span.attributes?.get(SL.metadata);
  const traceLevel = span.trace.rootMetadata();
  if (Object.keys(traceLevel).length === 0) return typeof own === "string" ? own : undefined;
  let ownObject: Record<string, unknown> = {};
  if (typeof own === "string") {
    try {
      ownObject = JSON.parse(own) as Record<string, unknown>;
    } catch {
      ownObject = {};
    }
  }
  return safeStringify({ ...traceLevel, ...ownObject });
}
