import type { FetchLike } from "./transport.js";
import type { MaskFunction } from "./mask.js";
import type { SightlineExportError } from "./types.js";

/** Wire format of span requests. Both are OTLP/HTTP; protobuf measured cheaper per span (see README). */
export type WireFormat = "protobuf" | "json";

/**
 * Env variables CI and hosting platforms set to the deployed commit, in the order they are
 * tried when neither `release` nor SIGHTLINE_RELEASE is given.
 */
export const RELEASE_ENV_VARS = [
  "SIGHTLINE_RELEASE",
  "GITHUB_SHA",
  "VERCEL_GIT_COMMIT_SHA",
  "CI_COMMIT_SHA",
  "CIRCLE_SHA1",
  "RENDER_GIT_COMMIT",
  "HEROKU_SLUG_COMMIT",
  "SOURCE_VERSION",
  "BITBUCKET_COMMIT",
  "BUILDKITE_COMMIT",
  "CF_PAGES_COMMIT_SHA",
  "RAILWAY_GIT_COMMIT_SHA",
  "COMMIT_REF",
  "GIT_COMMIT",
] as const;

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
  /** Default release of every trace (e.g. a git SHA). Env: SIGHTLINE_RELEASE, then the CI variables of {@link RELEASE_ENV_VARS}. */
  release?: string;
  /** Default version of every trace (your app's or prompt's version). Env: SIGHTLINE_VERSION. */
  version?: string;
  /** Default environment of every trace ("production", "staging", …). Env: SIGHTLINE_ENVIRONMENT. */
  environment?: string;
  /**
   * Share of traces kept, 0…1. Decided from the trace id, so a trace is kept or dropped
   * whole, in every service using the same rate. Env: SIGHTLINE_SAMPLE_RATE. Default 1.
   */
  sampleRate?: number;
  /**
   * Applied to every input, output, retrieval query and documents before they are
   * serialised (so before they leave the process). Return the value to send. A mask that
   * throws withholds the value (`[sightline: mask failed, value withheld]`); it never breaks the app.
   */
  mask?: MaskFunction;
  /** "protobuf" (default, cheaper per span) or "json" (OTLP/JSON, readable on the wire). */
  format?: WireFormat;
  /**
   * Serverless mode: when the root span of a trace ends through a callback helper, its
   * promise settles only after the queued spans were sent. Default false.
   */
  flushOnEnd?: boolean;
  /** Node: send what is queued on `beforeExit`, SIGTERM and SIGINT. Default true. */
  flushOnExit?: boolean;
  /** Longest a SIGTERM/SIGINT flush may delay the signal's default action. Default 2000 ms. */
  exitFlushTimeoutMs?: number;
  /**
   * Send a batch once this many spans are queued (also the most per request). Default 2000:
   * each request has a fixed cost on the app's thread, so fewer, larger requests cost less
   * per span; flushIntervalMs still bounds how long a span waits.
   */
  flushAt?: number;
  /** Send a batch once the queued spans' estimated size reaches this many bytes (also the request size target). Default 4 000 000. */
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
  /** false: run callbacks and hand out ids, but queue and send nothing. Env: SIGHTLINE_ENABLED=false. Default true. */
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
  sampleRate: number;
  mask: MaskFunction | undefined;
  format: WireFormat;
  flushOnEnd: boolean;
  flushOnExit: boolean;
  exitFlushTimeoutMs: number;
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

function firstEnv(names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = readEnv(name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function envNumber(name: string): number | undefined {
  const value = readEnv(name);
  return value === undefined ? undefined : Number(value);
}

/** A sampling rate clamped to 0…1; missing or not a number means 1 (keep everything). */
function rate(value: number | undefined): number {
  return typeof value === "number" && !Number.isNaN(value) ? Math.min(1, Math.max(0, value)) : 1;
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
    release: options.release ?? firstEnv(RELEASE_ENV_VARS),
    version: options.version ?? readEnv("SIGHTLINE_VERSION"),
    environment: options.environment ?? readEnv("SIGHTLINE_ENVIRONMENT"),
    sampleRate: rate(options.sampleRate ?? envNumber("SIGHTLINE_SAMPLE_RATE")),
    mask: typeof options.mask === "function" ? options.mask : undefined,
    format: options.format === "json" ? "json" : "protobuf",
    flushOnEnd: options.flushOnEnd === true,
    flushOnExit: options.flushOnExit !== false,
    exitFlushTimeoutMs: positiveInt(options.exitFlushTimeoutMs, 2000, 0),
    flushAt: positiveInt(options.flushAt, 2000),
    flushBytes: positiveInt(options.flushBytes, 4_000_000),
    flushIntervalMs: positiveInt(options.flushIntervalMs, 1000, 0),
    maxQueueSpans: positiveInt(options.maxQueueSpans, 10_000),
    maxQueueBytes: positiveInt(options.maxQueueBytes, 32 * 1024 * 1024),
    maxConcurrentRequests: positiveInt(options.maxConcurrentRequests, 2),
    maxRetries: positiveInt(options.maxRetries, 3, 0),
    retryBaseDelayMs: positiveInt(options.retryBaseDelayMs, 500, 0),
    timeoutMs: positiveInt(options.timeoutMs, 10_000),
    enabled: options.enabled ?? readEnv("SIGHTLINE_ENABLED")?.toLowerCase() !== "false",
    onError: options.onError,
    fetch: options.fetch,
  };
}
