/** Read once: it is fixed for the life of the process (or page), and reading it is a getter call. */
const timeOrigin = performance.timeOrigin;

/**
 * Wall-clock time in microseconds since the Unix epoch. performance.timeOrigin +
 * performance.now() gives sub-millisecond precision (Date.now() has only milliseconds);
 * microseconds fit a double exactly. The encoders turn it into nanoseconds.
 */
export function nowMicros(): number {
  return Math.round((timeOrigin + performance.now()) * 1000);
}
