import { applyComputedCosts, builtinPriceMatcher, createPriceMatcher, type CanonicalSpan, type PriceMatcher } from "@sightline/core";
import { getStores } from "@/server/stores";
import { listModelPriceOverrides } from "./model-prices";

/**
 * Per-project price matchers for ingest: the built-in table merged with the project's
 * overrides, loaded from Postgres at most once per TTL per project and per process. An
 * override changed through this process invalidates its project at once; other processes
 * pick it up within the TTL. Each matcher remembers its model-name → price answers, so a
 * span costs one Map lookup once its model has been seen.
 */
export const PRICE_CACHE_TTL_MS = 30_000;
const MAX_PROJECTS = 1_000;

interface Entry {
  matcher: Promise<PriceMatcher>;
  expires: number;
}

// On globalThis: Next can load this module once per route bundle, and the ingest route and
// the tRPC route must share one cache for invalidation to reach ingest.
const state = ((globalThis as { __slPriceCache?: { entries: Map<string, Entry> } }).__slPriceCache ??= { entries: new Map() });

/** The project's matcher (overrides first, then the built-in table). */
export function projectPriceMatcher(projectId: string, now: number = Date.now()): Promise<PriceMatcher> {
  const cached = state.entries.get(projectId);
  if (cached && cached.expires > now) return cached.matcher;
  const matcher = loadMatcher(projectId);
  if (state.entries.size >= MAX_PROJECTS) state.entries.clear();
  state.entries.set(projectId, { matcher, expires: now + PRICE_CACHE_TTL_MS });
  return matcher;
}

/** Forget a project's matcher (after its overrides changed), or every project's. */
export function invalidateProjectPrices(projectId?: string): void {
  if (projectId === undefined) state.entries.clear();
  else state.entries.delete(projectId);
}

async function loadMatcher(projectId: string): Promise<PriceMatcher> {
  try {
    const { db } = await getStores();
    const overrides = await listModelPriceOverrides(db.prisma, projectId);
    return overrides.length === 0 ? builtinPriceMatcher() : createPriceMatcher(overrides);
  } catch (error) {
    // Pricing must never fail ingest: fall back to the built-in table and retry soon.
    console.error(`[prices] could not load the price overrides of project ${projectId}; using built-in prices:`, error);
    state.entries.delete(projectId);
    return builtinPriceMatcher();
  }
}

/**
 * Ingest's one call: fills the cost of spans that have a model and usage but no provided
 * cost, with the project's prices (in place; provided costs win).
 */
export async function priceSpans(projectId: string, spans: CanonicalSpan[]): Promise<void> {
  // Most batches of plain spans need no price at all: skip the lookup for them.
  if (!spans.some((span) => span.cost === null && span.model !== "")) return;
  applyComputedCosts(spans, await projectPriceMatcher(projectId));
}
