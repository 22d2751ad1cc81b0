import type { TraceListFilter } from "@sightline/core";
import { DEFAULT_TIME_RANGE, isPresetKey, type TimeRange } from "./time-range";

/**
 * The trace list's state as it lives in the URL, so a filtered view can be shared and the
 * back button restores it. Only non-default values are written, keeping links short.
 * (Type-only import from core: its runtime entry may carry server code we keep out of the bundle.)
 */
export interface TraceListUrlState {
  range: TimeRange;
  name: string;
  userId: string;
  sessionId: string;
  release: string;
  version: string;
  status: "" | NonNullable<TraceListFilter["status"]>;
}

export const TEXT_FILTER_KEYS = ["name", "userId", "sessionId", "release", "version"] as const;
export type TextFilterKey = (typeof TEXT_FILTER_KEYS)[number];

export const EMPTY_LIST_STATE: TraceListUrlState = {
  range: DEFAULT_TIME_RANGE,
  name: "",
  userId: "",
  sessionId: "",
  release: "",
  version: "",
  status: "",
};

interface ReadableParams {
  get(name: string): string | null;
}

export function parseListSearchParams(params: ReadableParams): TraceListUrlState {
  const text = (key: string) => (params.get(key) ?? "").trim().slice(0, 500);
  const status = params.get("status");
  return {
    range: parseRange(params),
    name: text("name"),
    userId: text("userId"),
    sessionId: text("sessionId"),
    release: text("release"),
    version: text("version"),
    status: status === "ok" || status === "error" ? status : "",
  };
}

function parseRange(params: ReadableParams): TimeRange {
  const range = params.get("range");
  if (range === "custom") {
    return { kind: "custom", from: parseDate(params.get("from")), to: parseDate(params.get("to")) };
  }
  if (range && isPresetKey(range)) return { kind: "preset", key: range };
  return DEFAULT_TIME_RANGE;
}

function parseDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function serializeListState(state: TraceListUrlState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.range.kind === "custom") {
    params.set("range", "custom");
    if (state.range.from) params.set("from", state.range.from.toISOString());
    if (state.range.to) params.set("to", state.range.to.toISOString());
  } else if (state.range.key !== (DEFAULT_TIME_RANGE.kind === "preset" ? DEFAULT_TIME_RANGE.key : "")) {
    params.set("range", state.range.key);
  }
  for (const key of TEXT_FILTER_KEYS) {
    const value = state[key].trim();
    if (value) params.set(key, value);
  }
  if (state.status) params.set("status", state.status);
  return params;
}

/** How many filters (besides the time range) narrow the list. */
export function countActiveFilters(state: TraceListUrlState): number {
  return TEXT_FILTER_KEYS.filter((k) => state[k].trim() !== "").length + (state.status ? 1 : 0);
}
