/** Statuses worth sending again (OTLP/HTTP spec): throttled or a gateway/server that may recover. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Longest wait we accept from a Retry-After header, so a flush or shutdown cannot hang for hours. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Exponential backoff with full jitter: a random wait in [0, base·2^attempt], capped. */
export function backoffDelayMs(attempt: number, baseMs: number, capMs = 10_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds; undefined when absent or invalid. */
export function parseRetryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(MAX_RETRY_AFTER_MS, Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, date - now));
}

/** setTimeout that never keeps a Node process alive. */
export function unrefTimer(timer: unknown): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}

/** Waits `ms`; the timer holds the process open only when `keepAlive` (someone awaits a flush). */
export function sleep(ms: number, keepAlive: boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (!keepAlive) unrefTimer(timer);
  });
}
