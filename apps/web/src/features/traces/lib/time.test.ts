import { describe, expect, it } from "vitest";
import { parseTimestampMicros } from "./time";

describe("parseTimestampMicros", () => {
  const wholeSecond = Date.UTC(2025, 0, 2, 3, 4, 5) * 1000;

  it("keeps the microseconds that Date.parse would drop", () => {
    expect(parseTimestampMicros("2025-01-02T03:04:05.123456Z")).toBe(wholeSecond + 123_456);
  });

  it("reads ClickHouse's space-separated form as UTC", () => {
    expect(parseTimestampMicros("2025-01-02 03:04:05.000007")).toBe(wholeSecond + 7);
  });

  it("pads short fractions and truncates nanoseconds", () => {
    expect(parseTimestampMicros("2025-01-02T03:04:05.5Z")).toBe(wholeSecond + 500_000);
    expect(parseTimestampMicros("2025-01-02T03:04:05.123456789Z")).toBe(wholeSecond + 123_456);
  });

  it("honours an explicit offset", () => {
    expect(parseTimestampMicros("2025-01-02T05:04:05.000001+02:00")).toBe(wholeSecond + 1);
  });

  it("is NaN for text that is not a timestamp", () => {
    expect(parseTimestampMicros("yesterday-ish")).toBeNaN();
  });
});
