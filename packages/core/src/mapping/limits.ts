export interface MappingLimits {
  /** Size cap for each large field (input, output, documents, attributes, resource attributes, events), in characters of its JSON. */
  maxFieldChars: number;
  /** Size cap for each light text field (name, model, ids, tags…), in characters. */
  maxLightChars: number;
  /** Spans starting before this (µs since the epoch) are rejected: default 2000-01-01. */
  minTimeUs: number;
  /** Spans starting or ending later than now + this (µs) are rejected: default one day. */
  maxFutureUs: number;
  /** At most this many rejection reasons (and warnings) are listed; the count stays exact. */
  maxReasons: number;
}

export const DEFAULT_MAPPING_LIMITS: MappingLimits = {
  maxFieldChars: 1024 * 1024,
  maxLightChars: 1024,
  minTimeUs: Date.UTC(2000, 0, 1) * 1000,
  maxFutureUs: 24 * 3600 * 1_000_000,
  maxReasons: 20,
};
