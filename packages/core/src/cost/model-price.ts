import { z } from "zod";

/**
 * A price for the models whose name matches `pattern`. Rates are USD per million tokens.
 * `null` for an optional rate means "no separate rate": cached reads and cache writes are
 * then billed at the input rate, reasoning tokens at the output rate.
 */
export interface ModelPrice {
  /** Stable id: `builtin:<name>` for the built-in table, the row id for a project override. */
  id: string;
  source: "builtin" | "project";
  /** Display name, e.g. "gpt-4o" or "Claude Sonnet 4". */
  model: string;
  /** Model vendor, e.g. "openai"; "" when unknown (project overrides). */
  provider: string;
  matchType: PriceMatchType;
  /** An exact model name or a regular expression (case-insensitive). */
  pattern: string;
  /** For people: the distinctive part of a built-in pattern (dates and prefixes left implicit). */
  matchHint?: string;
  input: number;
  output: number;
  cachedInput: number | null;
  cacheCreation: number | null;
  reasoning: number | null;
}

export const PRICE_MATCH_TYPES = ["exact", "regex"] as const;
export type PriceMatchType = (typeof PRICE_MATCH_TYPES)[number];

/** Token counts a cost is computed from (the canonical `Usage`, plus cache writes when known). */
export interface CostUsage {
  /** All input tokens, cached ones included (OTel GenAI semantics). */
  input: number;
  /** All output tokens, reasoning included. */
  output: number;
  cacheRead: number;
  reasoning: number;
  cacheCreation?: number;
}

/** Highest accepted rate, USD per million tokens: well above any list price, catches typos in cents. */
export const MAX_PRICE_PER_MILLION = 10_000;
export const MAX_PATTERN_LENGTH = 200;

const rate = z
  .number({ error: "Enter a price in USD per million tokens" })
  .min(0, "A price cannot be negative")
  .max(MAX_PRICE_PER_MILLION, `A price above $${MAX_PRICE_PER_MILLION} per million tokens is surely a typo`);

/**
 * A project's price override as the settings form and the API accept it. Shared by the
 * tRPC router (server-side validation) and the form (same messages).
 */
export const modelPriceOverrideSchema = z
  .object({
    matchType: z.enum(PRICE_MATCH_TYPES),
    pattern: z
      .string()
      .trim()
      .min(1, "Enter a model name or a pattern")
      .max(MAX_PATTERN_LENGTH, `Keep the pattern under ${MAX_PATTERN_LENGTH} characters`),
    input: rate,
    output: rate,
    cachedInput: rate.nullable(),
    cacheCreation: rate.nullable(),
    reasoning: rate.nullable(),
  })
  .superRefine((value, ctx) => {
    if (value.matchType !== "regex") return;
    const problem = regexProblem(value.pattern);
    if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
  });
export type ModelPriceOverrideInput = z.infer<typeof modelPriceOverrideSchema>;

/**
 * Why a user-supplied pattern cannot be used, or null. Patterns run on every new model
 * name seen at ingest, so the shapes of catastrophic backtracking are refused up front: a
 * repeated group that itself contains a repetition or an alternative (`(a+)+`, `(a|aa)*`,
 * `((a+))+`).
 */
export function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    return `Not a valid regular expression: ${(error as Error).message}`;
  }
  return hasRepeatedAmbiguousGroup(pattern)
    ? "A repeated group containing a repetition or an alternative, such as (a+)+ or (a|b)*, can take exponential time; use a character class such as [ab]+ instead"
    : null;
}

/** Scans groups (escapes and character classes skipped) for a quantified group with `+ * {` or `|` inside. */
function hasRepeatedAmbiguousGroup(pattern: string): boolean {
  const open: boolean[] = []; // per open group: does it contain a repetition or an alternative?
  const mark = () => {
    if (open.length > 0) open[open.length - 1] = true;
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
    } else if (c === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
    } else if (c === "(") {
      open.push(false);
    } else if (c === ")") {
      const ambiguous = open.pop() ?? false;
      const next = pattern[i + 1];
      if (ambiguous && (next === "+" || next === "*" || next === "{")) return true;
      if (ambiguous) mark(); // an ambiguous group makes its parent ambiguous too
    } else if (c === "+" || c === "*" || c === "{" || c === "|") {
      mark();
    }
  }
  return false;
}
