import type { SpanView } from "@sightline/core";
import { parseTimestampMicros } from "./time";

/** The time window every bar of a trace's waterfall is drawn against. */
export interface TraceWindow {
  startUs: number;
  durationUs: number;
}

/**
 * The window spans the earliest start to the latest end over all spans, so a late or
 * orphan span is never drawn outside the chart. A zero-length trace gets a 1 µs window
 * so that geometry never divides by zero.
 */
export function traceWindow(spans: readonly Pick<SpanView, "startTime" | "endTime" | "durationMs">[]): TraceWindow {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    const s = parseTimestampMicros(span.startTime);
    if (Number.isNaN(s)) continue;
    const e = spanEndMicros(span, s);
    start = Math.min(start, s);
    end = Math.max(end, e);
  }
  if (!Number.isFinite(start)) return { startUs: 0, durationUs: 1 };
  return { startUs: start, durationUs: Math.max(1, end - start) };
}

function spanEndMicros(span: Pick<SpanView, "endTime" | "durationMs">, startUs: number): number {
  const fromDuration = startUs + Math.max(0, span.durationMs) * 1000;
  const end = parseTimestampMicros(span.endTime);
  return Number.isNaN(end) ? fromDuration : Math.max(end, startUs);
}

export interface BarGeometry {
  /** Left edge, percent of the window. */
  offsetPct: number;
  /** Width, percent of the window; at least `minWidthPct` so an instant span stays visible. */
  widthPct: number;
  /** Offset of the span's start from the trace start, in milliseconds (for labels). */
  startOffsetMs: number;
}

export const MIN_BAR_WIDTH_PCT = 0.4;

export function barGeometry(
  span: Pick<SpanView, "startTime" | "endTime" | "durationMs">,
  window: TraceWindow,
  minWidthPct: number = MIN_BAR_WIDTH_PCT,
): BarGeometry {
  const startUs = parseTimestampMicros(span.startTime);
  if (Number.isNaN(startUs)) return { offsetPct: 0, widthPct: minWidthPct, startOffsetMs: 0 };
  const endUs = spanEndMicros(span, startUs);
  const rawOffset = ((startUs - window.startUs) / window.durationUs) * 100;
  const rawWidth = ((endUs - startUs) / window.durationUs) * 100;
  const widthPct = Math.min(100, Math.max(minWidthPct, rawWidth));
  // Keep the bar inside the chart: a minimum-width bar at the very end shifts left.
  const offsetPct = Math.min(Math.max(0, rawOffset), 100 - widthPct);
  return { offsetPct, widthPct, startOffsetMs: (startUs - window.startUs) / 1000 };
}

/** Evenly spaced, round-numbered tick marks for the time axis (in ms from trace start). */
export function axisTicks(window: TraceWindow, maxTicks = 5): { ms: number; pct: number }[] {
  const totalMs = window.durationUs / 1000;
  if (totalMs <= 0) return [{ ms: 0, pct: 0 }];
  const step = niceStep(totalMs / Math.max(1, maxTicks - 1));
  const ticks: { ms: number; pct: number }[] = [];
  for (let ms = 0; ms <= totalMs + step * 1e-9; ms += step) {
    ticks.push({ ms, pct: (ms / totalMs) * 100 });
  }
  return ticks;
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10;
  return nice * magnitude;
}
