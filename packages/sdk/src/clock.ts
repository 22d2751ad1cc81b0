/**
 * Wall-clock time in nanoseconds since the Unix epoch, as the decimal string OTLP/JSON
 * carries. performance.timeOrigin + performance.now() gives sub-millisecond precision
 * (Date.now() has only milliseconds); microseconds fit a double exactly, so we round there.
 */
export function nowUnixNano(): string {
  const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
  return `${micros}000`;
}
