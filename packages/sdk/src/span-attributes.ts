import { SL } from "./attribute-keys.js";
import type { AttrValue } from "./attribute-value.js";
import type { FinishedSpan } from "./finished-span.js";
import { safeStringify } from "./safe-json.js";
import type { TraceState } from "./trace-state.js";

/** Where the spans come from: the resource attributes and the instrumentation scope. */
export interface ExportOrigin {
  resourceAttributes: ReadonlyArray<readonly [string, AttrValue]>;
  scopeName: string;
  scopeVersion: string;
}

/**
 * The attributes sent for a span, for either wire format, in this order: its kind; its own
 * attributes; its trace's (read now, so late `setTraceAttributes` calls count; a
 * `sightline.trace.*` attribute the span set itself is sent only when the trace has none);
 * on the trace's root span (in this process), the trace-level input and metadata. The
 * protobuf encoder (otlp-proto.ts) writes the same list in the same order.
 */
export function wireAttributes<C>(span: FinishedSpan, visit: (context: C, key: string, value: AttrValue) => void, context: C): void {
  const trace = span.trace;
  const traceAttributes = trace.attributes();
  const isRoot = trace.isRoot(span);
  visit(context, SL.kind, span.kind);
  const own = span.attributes;
  let ownTraceKeyed: Array<[string, AttrValue]> | undefined;
  if (own) {
    for (const [key, value] of own) {
      if (isTraceKey(key)) (ownTraceKeyed ??= []).push([key, value]);
      else if (!(isRoot && key === SL.metadata) && key !== SL.kind) visit(context, key, value);
    }
  }
  if (traceAttributes.length > 0) for (let i = 0; i < traceAttributes.length; i++) visit(context, traceAttributes[i]![0], traceAttributes[i]![1]);
  else if (ownTraceKeyed) for (const [key, value] of ownTraceKeyed) visit(context, key, value);
  if (isRoot) {
    if (!own?.has(SL.input) && trace.rootInputJson !== undefined) visit(context, SL.input, trace.rootInputJson);
    const metadata = mergedRootMetadata(own?.get(SL.metadata), trace);
    if (metadata !== undefined) visit(context, SL.metadata, metadata);
  }
}

export function isTraceKey(key: string): boolean {
  return key.startsWith("sightline.trace.");
}

/** The root span's metadata: the trace-level metadata with the span's own (JSON text) merged over it. */
export function mergedRootMetadata(own: AttrValue | undefined, trace: TraceState): string | undefined {
  const traceLevel = trace.rootMetadata();
  if (!hasKeys(traceLevel)) return typeof own === "string" ? own : undefined;
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

function hasKeys(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return true;
  return false;
}
