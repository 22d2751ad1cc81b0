import { describe, expect, it } from "vitest";
import { BUILTIN_MODEL_PRICES } from "@sightline/core";
import { EMPTY_PRICE_FORM, fieldErrorsFromServer, formatRate, formFromPrice, payloadFromForm, priceMatchesSearch } from "./price-form";

describe("payloadFromForm", () => {
  it("turns typed rates into numbers and empty optional rates into null", () => {
    const result = payloadFromForm({ ...EMPTY_PRICE_FORM, pattern: " acme ", input: "2.5", output: "$10", cachedInput: "", reasoning: "0" });
    expect(result).toEqual({
      payload: { matchType: "exact", pattern: "acme", input: 2.5, output: 10, cachedInput: null, cacheCreation: null, reasoning: 0 },
    });
  });

  it("names every field that cannot be sent", () => {
    expect(payloadFromForm({ ...EMPTY_PRICE_FORM, input: "abc", output: "", cachedInput: "-1" })).toEqual({
      errors: { pattern: "Enter a model name or a pattern", input: "Enter a number, e.g. 2.50", output: "Required", cachedInput: "A price cannot be negative" },
    });
  });
});

describe("fieldErrorsFromServer", () => {
  it("maps zod issues to their fields, the first reason per field", () => {
    const message = JSON.stringify([
      { path: ["pattern"], message: "Not a valid regular expression: x" },
      { path: ["pattern"], message: "second" },
      { path: ["input"], message: "A price cannot be negative" },
      { path: [], message: "whole form" },
    ]);
    expect(fieldErrorsFromServer(message)).toEqual({ pattern: "Not a valid regular expression: x", input: "A price cannot be negative", form: "whole form" });
  });

  it("keeps a plain message as a form error", () => {
    expect(fieldErrorsFromServer("This project already has a price for that pattern")).toEqual({
      form: "This project already has a price for that pattern",
    });
  });
});

describe("display helpers", () => {
  it("formats rates", () => {
    expect(formatRate(2.5)).toBe("$2.50");
    expect(formatRate(0.075)).toBe("$0.075");
    expect(formatRate(0.0375)).toBe("$0.0375");
    expect(formatRate(0.005)).toBe("$0.005");
    expect(formatRate(10)).toBe("$10.00");
    expect(formatRate(null)).toBe("—");
  });

  it("prefills an override of a built-in price with its pattern as a regex", () => {
    const gpt4o = BUILTIN_MODEL_PRICES.find((p) => p.model === "gpt-4o")!;
    expect(formFromPrice(gpt4o, true)).toMatchObject({ matchType: "regex", pattern: gpt4o.pattern, input: "2.5", cachedInput: "1.25", reasoning: "" });
  });

  it("searches model, provider and pattern", () => {
    const gpt4o = BUILTIN_MODEL_PRICES.find((p) => p.model === "gpt-4o")!;
    expect(priceMatchesSearch(gpt4o, "OPENAI")).toBe(true);
    expect(priceMatchesSearch(gpt4o, "4o")).toBe(true);
    expect(priceMatchesSearch(gpt4o, "claude")).toBe(false);
    expect(priceMatchesSearch(gpt4o, "  ")).toBe(true);
  });
});
