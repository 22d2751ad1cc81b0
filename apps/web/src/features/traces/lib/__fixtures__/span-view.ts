import type { SpanView } from "@sightline/core";

const TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

/**
 * A complete SpanView with sensible defaults. `startMs` / `durationMs` are offsets from a
 * fixed instant, written as the store writes them (ISO 8601, microseconds, UTC).
 */
export function spanView(
  overrides: Partial<SpanView> & { spanId: string; startMs?: number; durationMs?: number },
): SpanView {
  const { startMs = 0, durationMs = 10, ...rest } = overrides;
  const base = Date.UTC(2025, 0, 2, 3, 4, 5) * 1000; // µs
  const startUs = base + Math.round(startMs * 1000);
  const endUs = startUs + Math.round(durationMs * 1000);
  return {
    traceId: TRACE_ID,
    parentSpanId: null,
    name: rest.spanId,
    kind: "span",
    startTime: isoMicros(startUs),
    endTime: isoMicros(endUs),
    durationMs,
    status: "ok",
    statusMessage: "",
    model: null,
    provider: null,
    usage: { input: 0, output: 0, total: 0, cacheRead: 0, reasoning: 0 },
    cost: null,
    modelParameters: {},
    input: null,
    output: null,
    documents: [],
    attributes: {},
    resourceAttributes: {},
    events: [],
    mappedFrom: {},
    evaluations: [],
    usageRollup: false,
    prompt: null,
    serviceName: "test-service",
    ...rest,
  };
}

export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = String(us % 1_000_000).padStart(6, "0");
  return `${new Date(ms).toISOString().slice(0, 19)}.${micros}Z`;
}
