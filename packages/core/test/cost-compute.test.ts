import { describe, expect, it } from "vitest";
import {
  applyComputedCosts,
  builtinPriceMatcher,
  COMPUTED_COST_SOURCE,
  computeCost,
  createPriceMatcher,
  modelPriceOverrideSchema,
  SL,
  type ModelPrice,
} from "../src/index";
import { mapOne } from "./support/build";

const price = (rates: Partial<ModelPrice>): ModelPrice => ({
  id: "p",
  source: "project",
  model: "m",
  provider: "",
  matchType: "exact",
  pattern: "m",
  input: 0,
  output: 0,
  cachedInput: null,
  cacheCreation: null,
  reasoning: null,
  ...rates,
});

const usage = (u: Partial<{ input: number; output: number; cacheRead: number; reasoning: number; cacheCreation: number }>) => ({
  input: 0,
  output: 0,
  cacheRead: 0,
  reasoning: 0,
  ...u,
});

describe("computeCost", () => {
  it("bills input and output per million tokens", () => {
    expect(computeCost(usage({ input: 1_000_000, output: 500_000 }), price({ input: 2.5, output: 10 }))).toBe(7.5);
    expect(computeCost(usage({ input: 42, output: 4 }), price({ input: 0.15, output: 0.6 }))).toBe(0.0000087);
  });

  it("bills cached tokens at the cached rate and not again at the input rate", () => {
    // 1000 input of which 400 cached: 600 × $2.50 + 400 × $1.25 (per million)
    const cost = computeCost(usage({ input: 1000, cacheRead: 400 }), price({ input: 2.5, output: 10, cachedInput: 1.25 }));
    expect(cost).toBe(0.002);
    expect(cost).not.toBe(computeCost(usage({ input: 1000 }), price({ input: 2.5, cachedInput: 1.25 })));
  });

  it("bills cached tokens at the input rate when the price has no cached rate", () => {
    expect(computeCost(usage({ input: 1000, cacheRead: 400 }), price({ input: 2 }))).toBe(0.002);
  });

  it("bills cache writes at their own rate, taken out of the input", () => {
    const cost = computeCost(usage({ input: 1000, cacheRead: 200, cacheCreation: 300 }), price({ input: 3, cachedInput: 0.3, cacheCreation: 3.75 }));
    expect(cost).toBeCloseTo((500 * 3 + 200 * 0.3 + 300 * 3.75) / 1e6, 12);
  });

  it("bills reasoning at its own rate, or at the output rate without one", () => {
    // 100 output of which 60 reasoning
    expect(computeCost(usage({ output: 100, reasoning: 60 }), price({ output: 10, reasoning: 20 }))).toBe((40 * 10 + 60 * 20) / 1e6);
    expect(computeCost(usage({ output: 100, reasoning: 60 }), price({ output: 10 }))).toBe(0.001);
  });

  it("never goes negative on inconsistent counts", () => {
    expect(computeCost(usage({ input: 10, cacheRead: 50, output: 5, reasoning: 9 }), price({ input: 1, cachedInput: 0.5, output: 2 }))).toBe(
      (50 * 0.5 + 9 * 2) / 1e6,
    );
  });
});

describe("applyComputedCosts on mapped spans", () => {
  it("computes a generation's cost from usage and marks it computed", () => {
    const span = mapOne({ "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-2024-08-06", "gen_ai.usage.input_tokens": 1000, "gen_ai.usage.output_tokens": 200, "gen_ai.usage.cache_read.input_tokens": 400 });
    expect(span.cost).toBeNull();
    expect(applyComputedCosts([span], builtinPriceMatcher())).toBe(1);
    expect(span.cost).toBe((600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6);
    expect(span.mappedFrom.cost).toBe(COMPUTED_COST_SOURCE);
  });

  it("keeps a provided cost (provided wins over computed)", () => {
    const span = mapOne({ [SL.model]: "gpt-4o", [SL.usageInput]: 1000, [SL.usageOutput]: 10, [SL.cost]: 0.5 });
    expect(applyComputedCosts([span], builtinPriceMatcher())).toBe(0);
    expect(span.cost).toBe(0.5);
    expect(span.mappedFrom.cost).toBe("sightline");
  });

  it("leaves the cost null for an unknown model, a span without usage, or without a model", () => {
    const unknown = mapOne({ [SL.model]: "acme-llm", [SL.usageInput]: 1000, [SL.usageOutput]: 10 });
    const noUsage = mapOne({ [SL.kind]: "generation", [SL.model]: "gpt-4o" });
    const noModel = mapOne({ [SL.usageInput]: 1000 });
    expect(applyComputedCosts([unknown, noUsage, noModel], builtinPriceMatcher())).toBe(0);
    for (const span of [unknown, noUsage, noModel]) {
      expect(span.cost).toBeNull();
      expect(span.mappedFrom.cost).toBeUndefined();
    }
  });

  it("uses a project's override for a model the table does not know", () => {
    const span = mapOne({ [SL.model]: "acme-llm", [SL.usageInput]: 2_000_000, [SL.usageOutput]: 1_000_000 });
    applyComputedCosts([span], createPriceMatcher([price({ pattern: "acme-llm", input: 1, output: 3 })]));
    expect(span.cost).toBe(5);
  });

  it("prices reasoning tokens of an o-series call", () => {
    const span = mapOne({ "gen_ai.request.model": "o4-mini", "gen_ai.usage.input_tokens": 100, "gen_ai.usage.output_tokens": 300, "gen_ai.usage.reasoning.output_tokens": 250 });
    applyComputedCosts([span], builtinPriceMatcher());
    expect(span.cost).toBeCloseTo((100 * 1.1 + 300 * 4.4) / 1e6, 12);
  });
});

describe("modelPriceOverrideSchema", () => {
  const valid = { matchType: "regex", pattern: "^acme-.*$", input: 1, output: 2, cachedInput: null, cacheCreation: null, reasoning: 3 };

  it("accepts a valid override and trims the pattern", () => {
    expect(modelPriceOverrideSchema.parse({ ...valid, matchType: "exact", pattern: "  acme  " }).pattern).toBe("acme");
  });

  it.each(["^acme-(?:large|small)-v\\d+$", "^gpt-4o(?:-\\d{4}-\\d{2}-\\d{2})?$", "^[a+]+(x)+$", "^\\(a+\\)+$"])("accepts the safe pattern %s", (pattern) => {
    expect(modelPriceOverrideSchema.safeParse({ ...valid, pattern }).success).toBe(true);
  });

  it.each([
    [{ pattern: "([a-z" }, "Not a valid regular expression"],
    [{ pattern: "(a+)+$" }, "can take exponential time"],
    [{ pattern: "^(a|aa)+$" }, "can take exponential time"],
    [{ pattern: "^((a+))*x" }, "can take exponential time"],
    [{ pattern: "^(x(-\\d+)?){2,}$" }, "can take exponential time"],
    [{ pattern: "   " }, "Enter a model name or a pattern"],
    [{ input: -1 }, "cannot be negative"],
    [{ output: 50_000 }, "surely a typo"],
    [{ input: Number.POSITIVE_INFINITY }, ""],
    [{ matchType: "glob" }, ""],
  ])("refuses %j with a reason", (change, message) => {
    const result = modelPriceOverrideSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join(" ")).toContain(message);
  });
});
