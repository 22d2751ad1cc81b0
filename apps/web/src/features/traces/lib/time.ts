/**
 * Timestamps arrive as ISO 8601 strings with microseconds ("2025-01-02T03:04:05.123456Z",
 * or ClickHouse's "2025-01-02 03:04:05.123456"). Date.parse keeps only milliseconds, and
 * sub-millisecond spans are common in a waterfall, so we parse the fraction ourselves.
 */
const ISO_WITH_FRACTION =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Microseconds since the Unix epoch, or NaN when the string is not a timestamp. */
export function parseTimestampMicros(value: string): number {
  const match = ISO_WITH_FRACTION.exec(value.trim());
  if (!match) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? Number.NaN : ms * 1000;
  }
  const [, date, time, fraction = "", zone = "Z"] = match;
  const wholeSecondsMs = Date.parse(`${date}T${time}${zone}`);
  if (Number.isNaN(wholeSecondsMs)) return Number.NaN;
  const micros = Number(fraction.padEnd(6, "0").slice(0, 6));
  return wholeSecondsMs * 1000 + micros;
}
