import { describe, expect, it } from "vitest";
import { formatCost, formatDuration, formatRelative, formatTokens } from "./format";

describe("formatDuration", () => {
  it.each([
    [0.25, "250 µs"],
    [3.456, "3.46 ms"],
    [12.34, "12.3 ms"],
    [340, "340 ms"],
    [1240, "1.24 s"],
    [12_500, "12.5 s"],
    [125_000, "2m 05s"],
    [3 * 3_600_000 + 2 * 60_000, "3h 02m"],
  ])("%d ms reads as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("shows a dash for impossible values", () => {
    expect(formatDuration(-1)).toBe("–");
    expect(formatDuration(Number.NaN)).toBe("–");
  });
});

describe("formatTokens and formatCost", () => {
  it("groups thousands and leaves zero empty", () => {
    expect(formatTokens(1234567)).toBe("1,234,567");
    expect(formatTokens(0)).toBe("–");
  });

  it("keeps per-call precision for small costs", () => {
    expect(formatCost(0.000135)).toBe("$0.000135");
    expect(formatCost(0.5)).toBe("$0.5");
    expect(formatCost(12.345)).toBe("$12.35");
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(null)).toBe("–");
    expect(formatCost(1e-8)).toBe("$0.00000001");
  });
});

describe("formatRelative", () => {
  const now = new Date("2025-01-02T12:00:00Z");
  it.each([
    ["2025-01-02T11:59:30.000000Z", "30s ago"],
    ["2025-01-02T11:55:00.000000Z", "5m ago"],
    ["2025-01-02T09:00:00.000000Z", "3h ago"],
    ["2024-12-30T12:00:00.000000Z", "3d ago"],
  ])("%s is %s", (iso, text) => {
    expect(formatRelative(iso, now)).toBe(text);
  });
});
