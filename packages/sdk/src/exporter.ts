import { buildExportRequest, type OtlpKeyValue } from "./otlp.js";
import type { SpanHandle } from "./span.js";
import type { SightlineStats } from "./types.js";
import { SDK_NAME, SDK_VERSION } from "./version.js";

export interface ExporterOptions {
  endpoint: string;
  authorization: string;
  resource: OtlpKeyValue[];
  flushAt: number;
  flushBytes: number;
  flushIntervalMs: number;
  maxQueueSpans: number;
  maxRetries: number;
  timeoutMs: number;
  fetch: typeof fetch;
  onError: (error: Error) => void;
}

const RETRYABLE = new Set([408, 429, 502, 503, 504]);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Queues ended spans and sends them in batches; never throws into the caller. */
export class Exporter {
  private queue: SpanHandle[] = [];
  private queuedBytes = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private sending: Promise<void> = Promise.resolve();
  private readonly counters = { sent: 0, dropped: 0, failed: 0, retried: 0 };
  private warned = false;
  private stopped = false;

  constructor(private readonly opts: ExporterOptions) {}

  enqueue(span: SpanHandle): void {
    if (this.stopped) {
      this.counters.dropped++;
      return;
    }
    this.queue.push(span);
    this.queuedBytes += span.size;
    while (this.queue.length > this.opts.maxQueueSpans) {
      const dropped = this.queue.shift()!;
      this.queuedBytes -= dropped.size;
      this.counters.dropped++;
    }
    if (this.queue.length >= this.opts.flushAt || this.queuedBytes >= this.opts.flushBytes) void this.flush();
    else this.startTimer();
  }

  /** Sends everything queued so far; resolves when it was sent or given up on. */
  flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    this.sending = this.sending.then(() => this.sendAll(batch));
    return this.sending;
  }

  async shutdown(): Promise<void> {
    await this.flush();
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  stats(): SightlineStats {
    return { ...this.counters, queued: this.queue.length };
  }

  private startTimer(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => {
      if (this.queue.length) void this.flush();
    }, this.opts.flushIntervalMs);
    // Never keep a process alive just to send telemetry.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async sendAll(spans: SpanHandle[]): Promise<void> {
    let batch: SpanHandle[] = [];
    let bytes = 0;
    for (const span of spans) {
      if (batch.length && (batch.length >= this.opts.flushAt || bytes + span.size > this.opts.flushBytes)) {
        await this.send(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(span);
      bytes += span.size;
    }
    if (batch.length) await this.send(batch);
  }

  private async send(spans: SpanHandle[]): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify(buildExportRequest(this.opts.resource, { name: SDK_NAME, version: SDK_VERSION }, spans.map((s) => s.toOtlp())));
    } catch (error) {
      return this.fail(spans.length, error);
    }
    for (let attempt = 0; ; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const res = await this.post(body);
        if (res.ok) {
          this.counters.sent += spans.length;
          await res.body?.cancel().catch(() => undefined);
          return;
        }
        const text = await res.text().catch(() => "");
        if (!RETRYABLE.has(res.status) || attempt >= this.opts.maxRetries) {
          return this.fail(spans.length, new Error(`Sightline answered ${res.status}: ${text.slice(0, 300)}`));
        }
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      } catch (error) {
        if (attempt >= this.opts.maxRetries) return this.fail(spans.length, error);
      }
      this.counters.retried++;
      const backoff = Math.min(30_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(Math.min(60_000, retryAfterMs ?? backoff));
    }
  }

  private async post(body: string): Promise<Response> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    (timeout as { unref?: () => void }).unref?.();
    try {
      return await this.opts.fetch(this.opts.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: this.opts.authorization },
        body,
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timeout);
    }
  }

  private fail(count: number, error: unknown): void {
    this.counters.failed += count;
    const err = error instanceof Error ? error : new Error(String(error));
    if (!this.warned) {
      this.warned = true;
      console.warn(`[sightline] could not send ${count} span(s): ${err.message} (further failures are counted in stats())`);
    }
    try {
      this.opts.onError(err);
    } catch {
      // an onError callback that throws must not reach the app either
    }
  }
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}
