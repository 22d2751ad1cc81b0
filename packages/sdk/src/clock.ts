// Wall-clock nanoseconds with microsecond precision: timeOrigin + a monotonic offset, so
// span durations are not affected by clock adjustments during the span.
const perf: { timeOrigin: number; now(): number } | undefined = globalThis.performance;

export function nowNanos(): string {
  const ms = perf ? perf.timeOrigin + perf.now() : Date.now();
  const micros = Math.round(ms * 1000);
  return `${micros}000`;
}
