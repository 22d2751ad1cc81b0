import { describe, expect, it } from "vitest";
import { describeTimeRange, fromDateTimeLocalValue, resolveTimeRange, toDateTimeLocalValue } from "./time-range";

describe("resolveTimeRange", () => {
  const anchor = Date.UTC(2025, 0, 2, 12, 0, 0);

  it("turns a preset into an open-ended window ending at the anchor", () => {
    expect(resolveTimeRange({ kind: "preset", key: "15m" }, anchor)).toEqual({ from: new Date(anchor - 15 * 60_000) });
    expect(resolveTimeRange({ kind: "preset", key: "30d" }, anchor)).toEqual({
      from: new Date(anchor - 30 * 86_400_000),
    });
  });

  it("passes custom bounds through and leaves missing ones open", () => {
    const from = new Date("2025-01-01T00:00:00Z");
    expect(resolveTimeRange({ kind: "custom", from, to: null }, anchor)).toEqual({ from });
    expect(resolveTimeRange({ kind: "custom", from: null, to: null }, anchor)).toEqual({});
  });
});

describe("time range labels and inputs", () => {
  it("describes presets and open custom ranges", () => {
    expect(describeTimeRange({ kind: "preset", key: "1h" })).toBe("Last hour");
    expect(describeTimeRange({ kind: "custom", from: null, to: null })).toBe("All time");
  });

  it("round-trips a datetime-local value in local time", () => {
    const date = new Date(2025, 4, 6, 7, 8);
    expect(fromDateTimeLocalValue(toDateTimeLocalValue(date))).toEqual(date);
    expect(toDateTimeLocalValue(null)).toBe("");
    expect(fromDateTimeLocalValue("")).toBeNull();
    expect(fromDateTimeLocalValue("not a date")).toBeNull();
  });
});
