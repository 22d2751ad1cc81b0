/**
 * Read once: the origin is fixed for the life of the process (or page), and in Node the
 * global `performance` itself is a getter, called on every read of the name.
 */
const clock = performance;
const timeOrigin = clock.timeOrigin;

/**
 * Wall-clock time in microseconds since the Unix epoch. performance.timeOrigin +
 * performance.now() gives sub-millisecond precision (Date.now() has only milliseconds);
 * microseconds fit a double exactly. The encoders turn it into nanoseconds.
 */
export function nowMicros(): number {
  return Math.round((timeOrigin + clock.now()) * 1000);
}
