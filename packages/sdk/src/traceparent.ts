import { isSpanId, isTraceId } from "./ids.js";
import type { ParentRef } from "./types.js";

/** A parent taken from a W3C `traceparent` header. */
export interface RemoteParent extends ParentRef {
  /** The caller's sampled flag (bit 0 of trace-flags). */
  readonly sampled: boolean;
}

/**
 * Parses a W3C trace-context `traceparent` ("00-<32 hex>-<16 hex>-<2 hex>"). Returns
 * undefined for anything invalid (all-zero ids, version ff, wrong lengths), as the spec
 * says a receiver must then start a new trace. Future versions are read by their first
 * four fields, as the spec asks.
 */
export function parseTraceparent(header: string | null | undefined): RemoteParent | undefined {
  if (typeof header !== "string") return undefined;
  const match = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (!isTraceId(traceId) || !isSpanId(spanId)) return undefined;
  return { traceId, spanId, sampled: (parseInt(flags!, 16) & 1) === 1 };
}

/** A `traceparent` value for a span (version 00). */
export function formatTraceparent(traceId: string, spanId: string, sampled: boolean): string {
  return `00-${traceId}-${spanId}-${sampled ? "01" : "00"}`;
}

/** Headers as a Fetch `Headers`, a Node `IncomingHttpHeaders`, or a plain record. */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** Reads one header case-insensitively from any {@link HeadersLike}. */
export function readHeader(headers: HeadersLike | null | undefined, name: string): string | undefined {
  if (!headers || typeof headers !== "object") return undefined;
  try {
    if (typeof (headers as { get?: unknown }).get === "function") {
      return (headers as { get(name: string): string | null }).get(name) ?? undefined;
    }
    const record = headers as Record<string, string | string[] | undefined>;
    for (const key of Object.keys(record)) {
      if (key.toLowerCase() !== name) continue;
      const value = record[key];
      return Array.isArray(value) ? value[0] : value;
    }
  } catch {
    // a hostile headers object must not break the app
  }
  return undefined;
}
