import type { ScoreView } from "@sightline/core";
import { describe, expect, it } from "vitest";
import { formatScoreValue, scoreTone, splitByLevel } from "./score-display";

const score = (over: Partial<ScoreView>): ScoreView => ({
  id: "s",
  traceId: "a".repeat(32),
  spanId: null,
  name: "n",
  dataType: "numeric",
  value: 1,
  comment: null,
  source: "api",
  author: "pk-sl-x",
  timestamp: "2026-11-24T10:00:00.000000Z",
  createdAt: "2026-11-24T10:00:00.000000Z",
  ...over,
});

describe("score display", () => {
  it("formats numbers with at most four decimals and other values as text", () => {
    expect(formatScoreValue(score({ value: 0.812345 }))).toBe("0.8123");
    expect(formatScoreValue(score({ value: 1200 }))).toBe("1,200");
    expect(formatScoreValue(score({ value: -0.5 }))).toBe("-0.5");
    expect(formatScoreValue(score({ dataType: "boolean", value: false }))).toBe("false");
    expect(formatScoreValue(score({ dataType: "categorical", value: "billing" }))).toBe("billing");
  });

  it("reads booleans as pass or fail, labels and numbers apart", () => {
    expect(scoreTone(score({ dataType: "boolean", value: true }))).toBe("pass");
    expect(scoreTone(score({ dataType: "boolean", value: false }))).toBe("fail");
    expect(scoreTone(score({ dataType: "categorical", value: "x" }))).toBe("label");
    expect(scoreTone(score({}))).toBe("number");
  });

  it("splits trace-level from span-level scores, keeping their order", () => {
    const list = [score({ id: "1", spanId: "b".repeat(16) }), score({ id: "2" }), score({ id: "3", spanId: "c".repeat(16) })];
    const { trace, spans } = splitByLevel(list);
    expect(trace.map((s) => s.id)).toEqual(["2"]);
    expect(spans.map((s) => s.id)).toEqual(["1", "3"]);
  });
});
