import { builtinPriceMatcher, projectMatcher, type ModelPrice, type PriceMatcher } from "@sightline/core";
import { getStores } from "@/server/stores";
import { listModelPriceOverrides } from "./model-prices";

/**
 * Per-project prices for ingest: the project's overrides, loaded from Postgres at most once
 * per TTL per project and per process, and the matcher built from them (overrides first,
 * then the built-in table). An override changed through this process invalidates its
 * project at once; other processes pick it up within the TTL. Each load gets a new
 * `version`, so an ingest worker thread that was sent the overrides once rebuilds its own
 * matcher only when they change. A matcher remembers its model-name → price answers, so a
 * span costs one Map lookup once its model has been seen.
 */
export const PRICE_CACHE_TTL_MS = 30_000;
const MAX_PROJECTS = 1_000;

export interface ProjectPrices {
  /** Unique per load in this process. */
  version: number;
  /** The project's overrides (plain, structured-clonable data). */
  overrides: ModelPrice[];
  matcher: PriceMatcher;
}

interface Entry {
  prices: Promise<ProjectPrices>;
  expires: number;
}

// On globalThis: Next can load this module once per route bundle, and the ingest route and
// the tRPC route must share one cache for invalidation to reach ingest.
const state = ((globalThis as { __slPriceCache?: { entries: Map<string, Entry>; loads: number } }).__slPriceCache ??= {
  entries: new Map(),
  loads: 0,
});

/** The project's prices as of at most one TTL ago. */
export function projectPrices(projectId: string, now: number = Date.now()): Promise<ProjectPrices> {
  const cached = state.entries.get(projectId);
  if (cached && cached.expires > now) return cached.prices;
  const prices = loadPrices(projectId);
  if (state.entries.size >= MAX_PROJECTS) state.entries.clear();
  state.entries.set(projectId, { prices, expires: now + PRICE_CACHE_TTL_MS });
  return prices;
}

/** The project's matcher (overrides first, then the built-in table). */
export async function projectPriceMatcher(projectId: string, now: number = Date.now()): Promise<PriceMatcher> {
  return (await projectPrices(projectId, now)).matcher;
}

/** Forget a project's prices (after its overrides changed), or every project's. */
export function invalidateProjectPrices(projectId?: string): void {
  if (projectId === undefined) state.entries.clear();
  else state.entries.delete(projectId);
}

async function loadPrices(projectId: string): Promise<ProjectPrices> {
  const version = ++state.loads;
  try {
    const { db } = await getStores();
    const overrides: ModelPrice[] = await listModelPriceOverrides(db.prisma, projectId);
    return { version, overrides, matcher: projectMatcher(overrides) };
  } catch (error) {
    // Pricing must never fail ingest: fall back to the built-in table and retry soon.
    console.error(`[prices] could not load the price overrides of project ${projectId}; using built-in prices:`, error);
    state.entries.delete(projectId);
    return { version, overrides: [], matcher: builtinPriceMatcher() };
  }
}
