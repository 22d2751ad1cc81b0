/**
 * In-memory throttle for failed logins, per key (email, client address). Slows online
 * guessing; it is per process, which is enough for the embedded single-node deployment
 * and a first line of defence behind a load balancer.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; windowStart: number }>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60 * 1000,
    private readonly maxKeys = 10_000,
  ) {}

  isBlocked(key: string, now = Date.now()): boolean {
    const entry = this.failures.get(key);
    if (!entry) return false;
    if (now - entry.windowStart >= this.windowMs) {
      this.failures.delete(key);
      return false;
    }
    return entry.count >= this.maxFailures;
  }

  /** How long until `key` may try again: 0 when it is not blocked. */
  retryAfterMs(key: string, now = Date.now()): number {
    if (!this.isBlocked(key, now)) return 0;
    const entry = this.failures.get(key);
    return entry ? Math.max(0, entry.windowStart + this.windowMs - now) : 0;
  }

  recordFailure(key: string, now = Date.now()): void {
    const entry = this.failures.get(key);
    if (!entry || now - entry.windowStart >= this.windowMs) {
      if (this.failures.size >= this.maxKeys) this.failures.clear(); // bound memory under a flood
      this.failures.set(key, { count: 1, windowStart: now });
    } else {
      entry.count += 1;
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
