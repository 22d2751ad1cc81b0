import { describe, expect, it } from "vitest";
import { BUILTIN_MODEL_PRICES, builtinPriceMatcher, createPriceMatcher, normalizeModelName, type ModelPrice } from "../src/index";

const matcher = builtinPriceMatcher();
const priceOf = (model: string) => matcher.match(model)?.model ?? null;

function override(pattern: string, matchType: "exact" | "regex", input: number, id = `o-${pattern}`): ModelPrice {
  return { id, source: "project", model: pattern, provider: "", matchType, pattern, input, output: input * 2, cachedInput: null, cacheCreation: null, reasoning: null };
}

describe("normalizeModelName", () => {
  it.each([
    ["openai/gpt-4o", "gpt-4o"],
    ["OpenAI/GPT-4o-Mini", "gpt-4o-mini"],
    ["openai:gpt-4o", "gpt-4o"],
    ["anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"],
    ["us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022"],
    ["eu.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514"],
    ["arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-3-70b-instruct-v1:0", "llama3-3-70b-instruct"],
    ["publishers/google/models/gemini-1.5-pro", "gemini-1.5-pro"],
    ["projects/p-1/locations/us-central1/publishers/google/models/gemini-2.0-flash-001", "gemini-2.0-flash-001"],
    ["claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet"],
    ["models/gemini-2.5-flash", "gemini-2.5-flash"],
    ["deepseek-v3", "deepseek-v3"],
    ["  gpt-4o  ", "gpt-4o"],
  ])("%s → %s", (raw, normalized) => {
    expect(normalizeModelName(raw)).toBe(normalized);
  });
});

describe("built-in table matching", () => {
  it.each([
    // provider prefixes and plain names
    ["gpt-4o", "gpt-4o"],
    ["openai/gpt-4o", "gpt-4o"],
    ["azure/gpt-4o", "gpt-4o"],
    ["gpt-4o-mini", "gpt-4o-mini"],
    ["gpt-35-turbo", "gpt-3.5-turbo"], // Azure's spelling
    ["gpt-3.5-turbo-0125", "gpt-3.5-turbo"],
    ["gpt-4-0613", "gpt-4"],
    ["gpt-4-1106-preview", "gpt-4-turbo"],
    ["gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"],
    ["gpt-5-mini", "gpt-5-mini"],
    ["o1-2024-12-17", "o1"],
    ["o4-mini", "o4-mini"],
    ["text-embedding-3-small", "text-embedding-3-small"],
    // dated versions, and a snapshot with a price of its own
    ["gpt-4o-2024-08-06", "gpt-4o"],
    ["gpt-4o-2024-05-13", "gpt-4o-2024-05-13"],
    ["claude-3-5-sonnet-20240620", "claude-3.5-sonnet"],
    ["claude-3-5-sonnet-latest", "claude-3.5-sonnet"],
    ["claude-sonnet-4-5-20250929", "claude-sonnet-4.5 / 4.6"],
    ["claude-sonnet-4-20250514", "claude-sonnet-4"],
    ["claude-sonnet-4-0", "claude-sonnet-4"],
    ["claude-opus-4-1-20250805", "claude-opus-4.1"],
    ["claude-opus-4-6", "claude-opus-4.5 – 4.8"],
    ["claude-haiku-4-5-20251001", "claude-haiku-4.5"],
    ["anthropic/claude-3.5-haiku", "claude-3.5-haiku"],
    // Bedrock
    ["anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3.5-sonnet"],
    ["us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3.5-sonnet"],
    ["anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"],
    ["meta.llama3-3-70b-instruct-v1:0", "llama-3.3-70b"],
    ["cohere.command-r-plus-v1:0", "command-r-plus"],
    ["mistral.mistral-large-2407-v1:0", "mistral-large"],
    // Vertex
    ["publishers/google/models/gemini-1.5-pro", "gemini-1.5-pro"],
    ["projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro-002", "gemini-1.5-pro"],
    ["gemini-2.5-flash-lite-preview-06-17", "gemini-2.5-flash-lite"],
    ["gemini-2.5-pro-preview-05-06", "gemini-2.5-pro"],
    ["claude-3-5-sonnet-v2@20241022", "claude-3.5-sonnet"],
    // the other vendors
    ["mistral-large-latest", "mistral-large"],
    ["open-mistral-nemo", "mistral-nemo"],
    ["meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b"],
    ["llama-3.3-70b-versatile", "llama-3.3-70b"],
    ["command-r-08-2024", "command-r"],
    ["command-r7b-12-2024", "command-r7b"],
    ["command-a-03-2025", "command-a"],
    ["deepseek-chat", "deepseek-chat"],
    ["deepseek/deepseek-reasoner", "deepseek-reasoner"],
    ["grok-3-mini", "grok-3-mini"],
    ["xai/grok-4-0709", "grok-4"],
    ["grok-4-fast-reasoning", "grok-4-fast"],
  ])("%s is priced as %s", (model, expected) => {
    expect(priceOf(model)).toBe(expected);
  });

  it.each(["my-own-model", "gpt-4o-audio-preview", "claude-sonnet-4-7", "gpt-4o-minix", "deepseek-v3", "", "   "])(
    "%j matches nothing",
    (model) => {
      expect(matcher.match(model)).toBeNull();
    },
  );

  it("does not let a family swallow its sibling", () => {
    expect(priceOf("gpt-4o-mini-2024-07-18")).toBe("gpt-4o-mini");
    expect(priceOf("gemini-2.5-flash")).toBe("gemini-2.5-flash");
    expect(priceOf("gemini-1.5-flash-8b")).toBe("gemini-1.5-flash-8b");
    expect(priceOf("claude-opus-4")).toBe("claude-opus-4");
  });

  it("has a valid, anchored pattern and sane rates for every built-in entry", () => {
    const ids = new Set<string>();
    for (const price of BUILTIN_MODEL_PRICES) {
      expect(() => new RegExp(price.pattern)).not.toThrow();
      expect(price.pattern.startsWith("^") && price.pattern.endsWith("$")).toBe(true);
      expect(price.input).toBeGreaterThan(0);
      expect(price.output).toBeGreaterThanOrEqual(0);
      if (price.cachedInput !== null) expect(price.cachedInput).toBeLessThanOrEqual(price.input);
      expect(ids.has(price.id)).toBe(false);
      ids.add(price.id);
    }
    for (const vendor of ["openai", "anthropic", "google", "mistral", "meta", "cohere", "deepseek", "xai"]) {
      expect(BUILTIN_MODEL_PRICES.some((price) => price.provider === vendor)).toBe(true);
    }
  });
});

describe("project overrides", () => {
  it("win over the built-in table, exact before regex", () => {
    const custom = createPriceMatcher([override("^gpt-4o.*", "regex", 1, "regex"), override("gpt-4o", "exact", 2, "exact")]);
    expect(custom.match("gpt-4o")?.id).toBe("exact");
    expect(custom.match("gpt-4o-2024-08-06")?.id).toBe("regex");
    expect(custom.match("claude-3-haiku")?.model).toBe("claude-3-haiku");
  });

  it("match an exact name through its provider prefix, case-insensitively", () => {
    const custom = createPriceMatcher([override("GPT-4o", "exact", 2)]);
    expect(custom.match("openai/gpt-4o")?.source).toBe("project");
    expect(custom.match("gpt-4o-2024-08-06")?.source).toBe("builtin");
  });

  it("let a regex match an Azure deployment name as sent", () => {
    const custom = createPriceMatcher([override("^prod-deployment-\\d+$", "regex", 3)]);
    expect(custom.match("prod-deployment-7")?.input).toBe(3);
    expect(custom.match("prod-deployment-x")).toBeNull();
  });

  it("price a model the table does not know", () => {
    const custom = createPriceMatcher([override("acme-llm", "exact", 4)]);
    expect(custom.match("acme-llm")?.input).toBe(4);
    expect(builtinPriceMatcher().match("acme-llm")).toBeNull();
  });

  it("skip a stored regex that no longer compiles instead of failing", () => {
    const custom = createPriceMatcher([override("([a-z", "regex", 5)]);
    expect(custom.match("gpt-4o")?.source).toBe("builtin");
  });

  it("remember each name's answer (the same object comes back)", () => {
    const custom = createPriceMatcher([override("acme-llm", "exact", 4)]);
    expect(custom.match("acme-llm")).toBe(custom.match("acme-llm"));
    expect(custom.match("nobody")).toBeNull();
    expect(custom.match("nobody")).toBeNull();
  });
});
