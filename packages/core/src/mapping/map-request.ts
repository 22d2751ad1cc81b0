import type { CanonicalSpan, Convention } from "../model/span";
import type { OtlpTraceRequest } from "../otlp/types";
import { DEFAULT_MAPPING_LIMITS, type MappingLimits } from "./limits";
import { mapSpan, type SpanGroup } from "./map-span";
import { namespacesOf } from "./rules";
import { markUsageRollups } from "./usage-rollup";
import { truncateText, truncateValue } from "./truncate";
import { validateSpan } from "./validate";
import { asString } from "./values";

export interface MapOptions {
  projectId: string;
  /** "Now" for the future-timestamp check, µs since the epoch. Default: the clock. */
  nowUs?: number;
  limits?: Partial<MappingLimits>;
}

export interface MapResult {
  spans: CanonicalSpan[];
  /** Spans that could not be stored; `reasons` lists the first few, each naming its span. */
  rejected: { count: number; reasons: string[] };
  /** Things the sender should know that lost no span: truncations, duplicates. */
  warnings: string[];
}

/** Trace-level fields copied across the spans of a trace within one request. */
const TRACE_FIELDS = ["userId", "sessionId", "release", "version", "environment", "tags"] as const;

/**
 * Validates and maps every span of a decoded request into canonical spans. A span that
 * cannot be stored is rejected with a reason; the others still map. Duplicates of
 * (traceId, spanId) within the request are kept once (the first).
 */
export function mapTraceRequest(request: OtlpTraceRequest, options: MapOptions): MapResult {
  const limits: MappingLimits = { ...DEFAULT_MAPPING_LIMITS, ...options.limits };
  const nowUs = options.nowUs ?? Date.now() * 1000;
  const spans: CanonicalSpan[] = [];
  const rejected = { count: 0, reasons: [] as string[] };
  const warnings: string[] = [];
  let warningCount = 0;
  const warn = (message: string): void => {
    warningCount++;
    if (warnings.length < limits.maxReasons) warnings.push(message);
  };
  const seen = new Set<string>();

  for (const resourceSpans of request.resourceSpans) {
    const resourceAttributes = resourceSpans.resource.attributes;
    const stored = truncateValue(resourceAttributes, limits.maxFieldChars);
    if (stored.truncated) warn(`resource attributes are larger than ${limits.maxFieldChars} characters and were truncated`);
    const serviceName = asString(resourceAttributes["service.name"]) ?? "";
    const resourceNamespaces = namespacesOf(resourceAttributes);
    for (const scopeSpans of resourceSpans.scopeSpans) {
      const group: SpanGroup = {
        projectId: options.projectId,
        resourceAttributes,
        resourceNamespaces,
        storedResourceAttributes: stored.value,
        // Cut whole characters: a lone surrogate would fail the INSERT of the whole batch.
        serviceName: truncateText(serviceName, limits.maxLightChars).value,
        scopeName: truncateText(scopeSpans.scope.name, limits.maxLightChars).value,
      };
      for (const span of scopeSpans.spans) {
        const checked = validateSpan(span, nowUs, limits);
        if ("reason" in checked) {
          rejected.count++;
          if (rejected.reasons.length < limits.maxReasons) rejected.reasons.push(`${describeSpan(span)}: ${checked.reason}`);
          continue;
        }
        const key = span.traceId + span.spanId;
        if (seen.has(key)) {
          warn(`${describeSpan(span)}: sent more than once in this request; kept the first copy`);
          continue;
        }
        seen.add(key);
        spans.push(mapSpan(span, checked, group, limits, warn));
      }
    }
  }
  if (warningCount > warnings.length) warnings.push(`… and ${warningCount - warnings.length} more warnings`);
  copyTraceAttributes(spans);
  markUsageRollups(spans);
  return { spans, rejected, warnings };
}

/**
 * Trace-level attributes travel on every span: a span that lacks one takes the value of
 * its trace's root span, or else of the first span of the trace that has it.
 */
function copyTraceAttributes(spans: CanonicalSpan[]): void {
  if (spans.length < 2) return;
  const byTrace = new Map<string, CanonicalSpan[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  for (const trace of byTrace.values()) {
    if (trace.length < 2) continue;
    const root = trace.find((s) => s.parentSpanId === "");
    for (const field of TRACE_FIELDS) {
      const missing = trace.filter((s) => isBlank(s[field]));
      if (missing.length === 0 || missing.length === trace.length) continue;
      const source = root && !isBlank(root[field]) ? root : trace.find((s) => !isBlank(s[field]))!;
      const convention: Convention | undefined = source.mappedFrom[field];
      for (const span of missing) {
        if (field === "tags") span.tags = [...source.tags];
        else span[field] = source[field];
        if (convention) span.mappedFrom[field] = convention;
      }
    }
  }
}

function isBlank(value: string | string[]): boolean {
  return value.length === 0;
}

function describeSpan(span: { name: string; traceId: string; spanId: string }): string {
  const name = span.name.length > 80 ? `${span.name.slice(0, 80)}…` : span.name;
  const short = (id: string): string => (id === "" ? "?" : id.length > 40 ? `${id.slice(0, 40)}…` : id);
  const ids = span.traceId !== "" || span.spanId !== "" ? ` (trace ${short(span.traceId)}, span ${short(span.spanId)})` : "";
  return `span ${JSON.stringify(name)}${ids}`;
}

/** One line for OTLP partial success: how many spans were rejected and the first reasons. */
export function describeRejections(rejected: MapResult["rejected"]): string {
  if (rejected.count === 0) return "";
  const more = rejected.count > rejected.reasons.length ? `; … and ${rejected.count - rejected.reasons.length} more` : "";
  return `${rejected.count} span${rejected.count === 1 ? "" : "s"} rejected: ${rejected.reasons.join("; ")}${more}`;
}
