import type { FetchLike } from "./exporter.js";
import type { SightlineExportError } from "./types.js";

/** Options of {@link Sightline}. Every one is optional; the connection falls back to env variables. */
export interface SightlineOptions {
  /** Where Sightline runs, e.g. "http://localhost:3000". Env: SIGHTLINE_BASE_URL. */
  baseUrl?: string;
  /** Project public key ("pk-sl-…"). Env: SIGHTLINE_PUBLIC_KEY. */
  publicKey?: string;
  /** Project secret key ("sk-sl-…"). Env: SIGHTLINE_SECRET_KEY. */
  secretKey?: string;
  /** Resource attribute `service.name`. Default "unknown_service". */
  serviceName?: string;
  /** Default release of every trace (e.g. a git SHA). Env: SIGHTLINE_RELEASE. */
  release?: string;
  /** Default version of every trace (your app's or prompt's version). */
  version?: string;
  /** Default environment of every trace ("production", "staging", …). Env: SIGHTLINE_ENVIRONMENT. */
  environment?: string;
  /** Send a batch once this many spans are queued. Default 100. */
  flushAt?: number;
  /** Send a batch once the queued spans' estimated size reaches this many bytes. Default 1 000 000. */
  flushBytes?: number;
  /** Send whatever is queued at most this long after it was queued. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Most spans held in memory; beyond it the oldest are dropped (counted in `stats().dropped`). Default 10 000. */
  maxQueueSpans?: number;
  /** Most estimated bytes held in memory; beyond it the oldest are dropped. Default 32 MiB. */
  maxQueueBytes?: number;
  /** Requests in flight at once. Default 2. */
  maxConcurrentRequests?: number;
  /** Retries of one batch after a network error, 429, 502, 503 or 504. Default 3. */
  maxRetries?: number;
  /** Base of the exponential backoff (full jitter) between retries. Default 500 ms. Retry-After wins when sent. */
  retryBaseDelayMs?: number;
  /** Abort one request after this long (it then counts as a network error). Default 10 000 ms. */
  timeoutMs?: number;
  /** false: run callbacks and hand out ids, but queue and send nothing. Default true. */
  enabled?: boolean;
  /** Called for each batch given up on (and for a missing configuration). Errors it throws are ignored. */
  onError?: (error: SightlineExportError) => void;
  /** fetch to use instead of globalThis.fetch (a proxy agent, a test double, an older runtime). */
  fetch?: FetchLike;
}

export interface ResolvedOptions {
  baseUrl: string | undefined;
  publicKey: string | undefined;
  secretKey: string | undefined;
  serviceName: string;
  release: string | undefined;
  version: string | undefined;
  environment: string | undefined;
  flushAt: number;
  flushBytes: number;
  flushIntervalMs: number;
  maxQueueSpans: number;
  maxQueueBytes: number;
  maxConcurrentRequests: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  timeoutMs: number;
  enabled: boolean;
  onError: ((error: SightlineExportError) => void) | undefined;
  fetch: FetchLike | undefined;
}

/** Reads env without assuming a Node `process` (browsers and edge runtimes have none). */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[name];
    return value === undefined || value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

/** A positive integer option, or the default when missing or nonsensical. */
function positiveInt(value: number | undefined, fallback: number, min = 1): number {
  return typeof value === "number" && Number.isFinite(value) && value >= min ? Math.floor(value) : fallback;
}

export function resolveOptions(options: SightlineOptions = {}): ResolvedOptions {
  const baseUrl = options.baseUrl ?? readEnv("SIGHTLINE_BASE_URL");
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ""),
    publicKey: options.publicKey ?? readEnv("SIGHTLINE_PUBLIC_KEY"),
    secretKey: options.secretKey ?? readEnv("SIGHTLINE_SECRET_KEY"),
    serviceName: options.serviceName ?? "unknown_service",
    release: options.release ?? readEnv("SIGHTLINE_RELEASE"),
    version: options.version,
    environment: options.environment ?? readEnv("SIGHTLINE_ENVIRONMENT"),
    flushAt: positiveInt(options.flushAt, 100),
    flushBytes: positiveInt(options.flushBytes, 1_000_000),
    flushIntervalMs: positiveInt(options.flushIntervalMs, 1000, 0),
    maxQueueSpans: positiveInt(options.maxQueueSpans, 10_000),
    maxQueueBytes: positiveInt(options.maxQueueBytes, 32 * 1024 * 1024),
    maxConcurrentRequests: positiveInt(options.maxConcurrentRequests, 2),
    maxRetries: positiveInt(options.maxRetries, 3, 0),
    retryBaseDelayMs: positiveInt(options.retryBaseDelayMs, 500, 0),
    timeoutMs: positiveInt(options.timeoutMs, 10_000),
    enabled: options.enabled ?? true,
    onError: options.onError,
    fetch: options.fetch,
  };
}
