import { describe, expect, it } from "vitest";
import { spanView } from "./__fixtures__/span-view";
import { axisTicks, barGeometry, MIN_BAR_WIDTH_PCT, traceWindow } from "./waterfall";

describe("traceWindow", () => {
  it("runs from the earliest start to the latest end over all spans", () => {
    const window = traceWindow([
      spanView({ spanId: "root", startMs: 10, durationMs: 100 }),
      spanView({ spanId: "late-orphan", startMs: 150, durationMs: 60 }),
      spanView({ spanId: "early", startMs: 0, durationMs: 5 }),
    ]);
    expect(window.durationUs).toBe(210_000);
  });

  it("never has a zero length", () => {
    expect(traceWindow([spanView({ spanId: "instant", durationMs: 0 })]).durationUs).toBe(1);
    expect(traceWindow([]).durationUs).toBe(1);
  });
});

describe("barGeometry", () => {
  const spans = [
    spanView({ spanId: "root", startMs: 0, durationMs: 200 }),
    spanView({ spanId: "middle", startMs: 50, durationMs: 100 }),
    spanView({ spanId: "instant-at-end", startMs: 200, durationMs: 0 }),
    spanView({ spanId: "sub-ms", startMs: 100.25, durationMs: 0.5 }),
  ];
  const window = traceWindow(spans);
  const bar = (id: string) => barGeometry(spans.find((s) => s.spanId === id)!, window);

  it("positions a bar by start and sizes it by duration, relative to the trace", () => {
    expect(bar("root")).toEqual({ offsetPct: 0, widthPct: 100, startOffsetMs: 0 });
    expect(bar("middle")).toEqual({ offsetPct: 25, widthPct: 50, startOffsetMs: 50 });
  });

  it("keeps microsecond precision for sub-millisecond spans", () => {
    expect(bar("sub-ms").startOffsetMs).toBeCloseTo(100.25, 6);
  });

  it("gives instant spans a minimum width and keeps them inside the chart", () => {
    const g = bar("instant-at-end");
    expect(g.widthPct).toBe(MIN_BAR_WIDTH_PCT);
    expect(g.offsetPct + g.widthPct).toBeLessThanOrEqual(100);
  });
});

describe("axisTicks", () => {
  it("uses round steps that cover the whole trace", () => {
    const ticks = axisTicks({ startUs: 0, durationUs: 200_000 }); // 200 ms
    expect(ticks.map((t) => t.ms)).toEqual([0, 50, 100, 150, 200]);
    expect(ticks.at(-1)?.pct).toBe(100);
  });

  it("steps by 1-2-5 multiples of a power of ten", () => {
    const ticks = axisTicks({ startUs: 0, durationUs: 7_300_000 }); // 7.3 s
    expect(ticks.map((t) => t.ms)).toEqual([0, 2000, 4000, 6000]);
  });
});
