/** Time range choices of the trace list. Presets are relative to "now"; custom is absolute. */
export const TIME_RANGE_PRESETS = [
  { key: "15m", label: "Last 15 minutes", short: "15m", ms: 15 * 60_000 },
  { key: "1h", label: "Last hour", short: "1h", ms: 60 * 60_000 },
  { key: "24h", label: "Last 24 hours", short: "24h", ms: 24 * 60 * 60_000 },
  { key: "7d", label: "Last 7 days", short: "7d", ms: 7 * 24 * 60 * 60_000 },
  { key: "30d", label: "Last 30 days", short: "30d", ms: 30 * 24 * 60 * 60_000 },
] as const;

export type TimeRangePresetKey = (typeof TIME_RANGE_PRESETS)[number]["key"];

export type TimeRange =
  | { kind: "preset"; key: TimeRangePresetKey }
  | { kind: "custom"; from: Date | null; to: Date | null };

export const DEFAULT_TIME_RANGE: TimeRange = { kind: "preset", key: "24h" };

export function isPresetKey(value: string): value is TimeRangePresetKey {
  return TIME_RANGE_PRESETS.some((p) => p.key === value);
}

/**
 * The absolute window to query. Presets leave `to` open so that traces arriving after
 * the anchor still show up on the next fetch; `anchorMs` is pinned by the caller (and
 * moved by "refresh") so the query key stays stable between renders.
 */
export function resolveTimeRange(range: TimeRange, anchorMs: number): { from?: Date; to?: Date } {
  if (range.kind === "custom") {
    return { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
  }
  const preset = TIME_RANGE_PRESETS.find((p) => p.key === range.key) ?? TIME_RANGE_PRESETS[2];
  return { from: new Date(anchorMs - preset.ms) };
}

export function describeTimeRange(range: TimeRange): string {
  if (range.kind === "preset") return TIME_RANGE_PRESETS.find((p) => p.key === range.key)?.label ?? range.key;
  const fmt = (d: Date) =>
    d.toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hour12: false });
  if (range.from && range.to) return `${fmt(range.from)} – ${fmt(range.to)}`;
  if (range.from) return `Since ${fmt(range.from)}`;
  if (range.to) return `Until ${fmt(range.to)}`;
  return "All time";
}

/** `<input type="datetime-local">` value (local time, minute precision) ↔ Date. */
export function toDateTimeLocalValue(date: Date | null): string {
  if (!date) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function fromDateTimeLocalValue(value: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
