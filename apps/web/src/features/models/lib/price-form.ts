import type { ModelPrice, ModelPriceOverrideInput, PriceMatchType } from "@sightline/core";

/** The override form's fields, as typed (strings: an empty optional rate means "none"). */
export interface PriceFormValues {
  matchType: PriceMatchType;
  pattern: string;
  input: string;
  output: string;
  cachedInput: string;
  cacheCreation: string;
  reasoning: string;
}

export type PriceField = keyof PriceFormValues;
export type FieldErrors = Partial<Record<PriceField | "form", string>>;

/** What `models.create` / `models.update` take besides ids. */
export type PriceOverridePayload = ModelPriceOverrideInput;

export const EMPTY_PRICE_FORM: PriceFormValues = {
  matchType: "exact",
  pattern: "",
  input: "",
  output: "",
  cachedInput: "",
  cacheCreation: "",
  reasoning: "",
};

const text = (rate: number | null) => (rate === null ? "" : String(rate));

/** The form pre-filled from a price (editing an override, or overriding a built-in one). */
export function formFromPrice(price: ModelPrice, asOverrideOfBuiltin = false): PriceFormValues {
  return {
    matchType: asOverrideOfBuiltin ? "regex" : price.matchType,
    pattern: price.pattern,
    input: text(price.input),
    output: text(price.output),
    cachedInput: text(price.cachedInput),
    cacheCreation: text(price.cacheCreation),
    reasoning: text(price.reasoning),
  };
}

function parseRate(value: string, required: boolean): { value: number | null } | { error: string } {
  const trimmed = value.trim();
  if (trimmed === "") return required ? { error: "Required" } : { value: null };
  const n = Number(trimmed.replace(/^\$/, ""));
  if (!Number.isFinite(n)) return { error: "Enter a number, e.g. 2.50" };
  if (n < 0) return { error: "A price cannot be negative" };
  return { value: n };
}

/**
 * Checks what the browser can check (numbers, required fields) and builds the payload; the
 * server validates everything again (patterns, limits) and its reasons are shown per field.
 */
export function payloadFromForm(form: PriceFormValues): { payload: PriceOverridePayload } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (form.pattern.trim() === "") errors.pattern = "Enter a model name or a pattern";
  const rates = {} as Record<"input" | "output" | "cachedInput" | "cacheCreation" | "reasoning", number | null>;
  for (const field of ["input", "output", "cachedInput", "cacheCreation", "reasoning"] as const) {
    const parsed = parseRate(form[field], field === "input" || field === "output");
    if ("error" in parsed) errors[field] = parsed.error;
    else rates[field] = parsed.value;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    payload: {
      matchType: form.matchType,
      pattern: form.pattern.trim(),
      input: rates.input!,
      output: rates.output!,
      cachedInput: rates.cachedInput,
      cacheCreation: rates.cacheCreation,
      reasoning: rates.reasoning,
    },
  };
}

const FIELDS = new Set<string>(["matchType", "pattern", "input", "output", "cachedInput", "cacheCreation", "reasoning"]);

/**
 * A server error as per-field reasons. tRPC sends input validation failures as the JSON
 * list of zod issues in the message; anything else (CONFLICT, FORBIDDEN) is a form error.
 */
export function fieldErrorsFromServer(message: string): FieldErrors {
  try {
    const issues = JSON.parse(message) as unknown;
    if (Array.isArray(issues) && issues.length > 0) {
      const errors: FieldErrors = {};
      for (const issue of issues as { path?: unknown[]; message?: unknown }[]) {
        const field = typeof issue.path?.[0] === "string" && FIELDS.has(issue.path[0]) ? (issue.path[0] as PriceField) : "form";
        errors[field] ??= typeof issue.message === "string" ? issue.message : "Invalid value";
      }
      return errors;
    }
  } catch {
    // not a list of issues: a plain message
  }
  return { form: message };
}

/** "$2.50", "$0.075", "—" for no separate rate. */
export function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return `$${rate < 0.01 && rate > 0 ? String(rate) : rate.toFixed(Math.max(2, decimals(rate)))}`;
}

function decimals(n: number): number {
  const fraction = String(n).split(".")[1];
  return fraction ? Math.min(fraction.length, 6) : 0;
}

/** Case-insensitive search over what a price row shows. */
export function priceMatchesSearch(price: ModelPrice, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (needle === "") return true;
  return [price.model, price.provider, price.pattern].some((field) => field.toLowerCase().includes(needle));
}
