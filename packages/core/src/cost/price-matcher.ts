import { BUILTIN_MODEL_PRICES } from "./builtin-prices";
import type { ModelPrice } from "./model-price";
import { normalizeModelName } from "./normalize-model";

/** Finds the price of a model name: project overrides first, then the built-in table. */
export interface PriceMatcher {
  /** The winning price for `model`, or null when nothing matches. Remembered per name. */
  match(model: string): ModelPrice | null;
  /** Every candidate in the order they are tried. */
  readonly prices: readonly ModelPrice[];
}

type Test = (raw: string, normalized: string) => boolean;

/** Distinct model names remembered per matcher; a project rarely uses more than a few dozen. */
const MAX_REMEMBERED_NAMES = 2_000;

/**
 * Compiles every pattern once. Order: exact overrides, regex overrides (in the order
 * given), then `builtins`. Overrides are tried against the name as sent and against its
 * normalized form (so `gpt-4o` also covers `azure/gpt-4o`); built-ins only against the
 * normalized form. An override whose regex no longer compiles never matches.
 */
export function createPriceMatcher(
  overrides: readonly ModelPrice[] = [],
  builtins: readonly ModelPrice[] = BUILTIN_MODEL_PRICES,
): PriceMatcher {
  const ordered = [
    ...overrides.filter((price) => price.matchType === "exact"),
    ...overrides.filter((price) => price.matchType === "regex"),
    ...builtins,
  ];
  const builtinTests = builtins === BUILTIN_MODEL_PRICES ? compiledBuiltins() : builtins.map((price) => compile(price, false));
  const tests = [...ordered.slice(0, ordered.length - builtins.length).map((price) => compile(price, true)), ...builtinTests];
  const remembered = new Map<string, ModelPrice | null>();

  return {
    prices: ordered,
    match(model) {
      const known = remembered.get(model);
      if (known !== undefined) return known;
      const raw = model.trim().toLowerCase();
      const normalized = normalizeModelName(model);
      let found: ModelPrice | null = null;
      if (raw !== "") {
        for (let i = 0; i < tests.length; i++) {
          if (tests[i]!(raw, normalized)) {
            found = ordered[i]!;
            break;
          }
        }
      }
      if (remembered.size >= MAX_REMEMBERED_NAMES) remembered.clear();
      remembered.set(model, found);
      return found;
    },
  };
}

/** Overrides are tried on the name as sent and normalized; built-ins on the normalized name only. */
function compile(price: ModelPrice, testRaw: boolean): Test {
  if (price.matchType === "exact") {
    const name = price.pattern.trim().toLowerCase();
    const normalizedName = normalizeModelName(name);
    return (raw, normalized) => raw === name || normalized === name || normalized === normalizedName;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(price.pattern, "i");
  } catch {
    return () => false;
  }
  return testRaw ? (raw, normalized) => regex.test(raw) || regex.test(normalized) : (_raw, normalized) => regex.test(normalized);
}

let builtinTestsCache: Test[] | undefined;

/** The built-in table's patterns, compiled once per process (project matchers are rebuilt often). */
function compiledBuiltins(): Test[] {
  builtinTestsCache ??= BUILTIN_MODEL_PRICES.map((price) => compile(price, false));
  return builtinTestsCache;
}

let builtinMatcher: PriceMatcher | undefined;

/** The matcher over the built-in table alone (compiled on first use, shared). */
export function builtinPriceMatcher(): PriceMatcher {
  builtinMatcher ??= createPriceMatcher();
  return builtinMatcher;
}

/** A project's matcher: its overrides first, or the shared built-in matcher when it has none. */
export function projectMatcher(overrides: readonly ModelPrice[]): PriceMatcher {
  return overrides.length === 0 ? builtinPriceMatcher() : createPriceMatcher(overrides);
}
