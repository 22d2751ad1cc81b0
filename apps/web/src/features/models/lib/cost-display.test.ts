import { describe, expect, it } from "vitest";
import { spanCostDisplay, traceCostDisplay } from "./cost-display";

const usage = (input: number, output: number) => ({ input, output, total: input + output, cacheRead: 0, reasoning: 0 });
const span = (spanId: string, cost: number | null, model = "gpt-4o", tokens = usage(10, 2), parentSpanId: string | null = "root") => ({
  spanId,
  parentSpanId,
  cost,
  model,
  usage: tokens,
});

describe("spanCostDisplay", () => {
  it("shows a cost, 'no price' for an unpriced model call, and – for a span without usage", () => {
    expect(spanCostDisplay(span("a", 0.00042))).toEqual({ text: "$0.00042", state: "priced" });
    expect(spanCostDisplay(span("a", 0))).toEqual({ text: "$0", state: "priced" });
    expect(spanCostDisplay(span("a", null, "acme"))).toEqual({ text: "no price", state: "unpriced" });
    expect(spanCostDisplay(span("a", null, "gpt-4o", usage(0, 0)))).toMatchObject({ state: "none", text: "–" });
    expect(spanCostDisplay(span("a", null, ""))).toMatchObject({ state: "none" });
  });
});

describe("traceCostDisplay", () => {
  it("says 'no price' when every model call is unpriced, never $0", () => {
    expect(traceCostDisplay({ cost: null, usage: usage(10, 2) }, [span("a", null, "acme")])).toEqual({ text: "no price", state: "unpriced" });
    expect(traceCostDisplay({ cost: null, usage: usage(10, 2) })).toEqual({ text: "no price", state: "unpriced" });
  });

  it("shows – for a trace without model calls", () => {
    expect(traceCostDisplay({ cost: null, usage: usage(0, 0) }, [span("a", null, "", usage(0, 0))])).toMatchObject({ state: "none" });
    expect(traceCostDisplay({ cost: null, usage: usage(0, 0) })).toMatchObject({ state: "none" });
  });

  it("shows the sum of a partly priced trace with a hint naming what is left out", () => {
    const display = traceCostDisplay({ cost: 0.5, usage: usage(30, 6) }, [span("a", 0.5), span("b", null, "acme"), span("c", null, "acme")]);
    expect(display).toEqual({ text: "$0.5", state: "priced", hint: "2 model calls have no price and are not included" });
    expect(traceCostDisplay({ cost: 0.5, usage: usage(20, 4) }, [span("a", 0.5), span("b", null, "acme")]).hint).toBe(
      "1 model call has no price and is not included",
    );
  });

  it("does not count an unpriced wrapper whose child carries the usage", () => {
    const wrapper = span("w", null, "acme", usage(10, 2), null);
    const child = span("c", 0.1, "acme-priced", usage(10, 2), "w");
    expect(traceCostDisplay({ cost: 0.1, usage: usage(10, 2) }, [wrapper, child])).toEqual({ text: "$0.1", state: "priced" });
  });
});
