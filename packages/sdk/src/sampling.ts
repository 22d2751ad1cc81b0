/**
 * Whether a trace is kept at `rate` (0…1). Decided by the trace id alone (its first 8 hex
 * digits as a fraction of 2^32), so every span of a trace, in every process and service
 * using the same rate, makes the same decision: traces are kept or dropped whole.
 */
export function isSampled(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  return parseInt(traceId.slice(0, 8), 16) / 0x100000000 < rate;
}

/** {@link isSampled} from the trace id's first 32-bit word (its first 8 hex digits), as int32. */
export function isSampledWord(firstWord: number, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  return (firstWord >>> 0) / 0x100000000 < rate;
}
