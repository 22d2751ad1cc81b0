import { createContextStorage } from "./context.js";
import { Exporter } from "./exporter.js";
import { newTraceId } from "./ids.js";
import { otlpValue, type OtlpKeyValue } from "./otlp.js";
import { SpanHandle, type TraceState } from "./span.js";
import type {
  GenerationAttributes,
  RetrievalAttributes,
  SightlineStats,
  SpanAttributes,
  SpanKind,
  TraceAttributes,
  TraceOptions,
} from "./types.js";
import { SDK_VERSION } from "./version.js";

/** Options of {@link Sightline}; each has an environment variable or a default. */
export interface SightlineOptions {
  /** Sightline's URL. Env `SIGHTLINE_BASE_URL`. */
  baseUrl?: string;
  /** Env `SIGHTLINE_PUBLIC_KEY`. */
  publicKey?: string;
  /** Env `SIGHTLINE_SECRET_KEY`. */
  secretKey?: string;
  /** `service.name` of the resource. Env `OTEL_SERVICE_NAME`; default "unknown_service". */
  serviceName?: string;
  /** Trace release; env `SIGHTLINE_RELEASE`, else a CI commit SHA when one is set. */
  release?: string;
  /** Trace version (of your app or prompt set). */
  version?: string;
  /** Env `SIGHTLINE_ENVIRONMENT`. */
  environment?: string;
  /** false: run the callbacks, send nothing. Default true when keys are present. */
  enabled?: boolean;
  /** Send when this many spans are queued. Default 100. */
  flushAt?: number;
  /** Send when about this many bytes are queued. Default 1 MB. */
  flushBytes?: number;
  /** Send at least this often while spans are queued. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Queue bound; the oldest spans are dropped (and counted) beyond it. Default 10,000. */
  maxQueueSpans?: number;
  /** Retries of a request on network errors, 408, 429, 502, 503, 504. Default 3. */
  maxRetries?: number;
  /** Per-request timeout. Default 10,000 ms. */
  timeoutMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Called when spans could not be delivered; never required. */
  onError?: (error: Error) => void;
}

type Ctx = { trace: TraceState; span: SpanHandle };

/** Options of a manually started span. */
export interface StartSpanOptions extends SpanAttributes {
  kind?: SpanKind;
  /** Explicit parent, where async context is not available. */
  parent?: SpanHandle;
  model?: string;
  provider?: string;
  modelParameters?: Record<string, unknown>;
  query?: string;
}

const env = (name: string): string | undefined => {
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value === "" ? undefined : value;
};

const CI_SHAS = ["GITHUB_SHA", "VERCEL_GIT_COMMIT_SHA", "CI_COMMIT_SHA", "COMMIT_SHA", "RENDER_GIT_COMMIT", "HEROKU_SLUG_COMMIT", "SOURCE_VERSION"];

/**
 * The Sightline client: wraps your code in spans and sends them as OTLP.
 * Nothing it does throws into your application; failures are counted in {@link stats}.
 */
export class Sightline {
  private readonly storage = createContextStorage<Ctx>();
  private readonly exporter: Exporter | undefined;
  private readonly defaults: TraceAttributes;

  constructor(options: SightlineOptions = {}) {
    const baseUrl = (options.baseUrl ?? env("SIGHTLINE_BASE_URL") ?? "").replace(/\/+$/, "");
    const publicKey = options.publicKey ?? env("SIGHTLINE_PUBLIC_KEY");
    const secretKey = options.secretKey ?? env("SIGHTLINE_SECRET_KEY");
    const release = options.release ?? env("SIGHTLINE_RELEASE") ?? CI_SHAS.map(env).find(Boolean);
    this.defaults = {
      ...(release ? { release } : {}),
      ...(options.version ? { version: options.version } : {}),
      ...((options.environment ?? env("SIGHTLINE_ENVIRONMENT")) ? { environment: options.environment ?? env("SIGHTLINE_ENVIRONMENT") } : {}),
    };
    const missing = [!baseUrl && "baseUrl", !publicKey && "publicKey", !secretKey && "secretKey"].filter(Boolean);
    if (options.enabled === false) return;
    if (missing.length) {
      console.warn(`[sightline] disabled: missing ${missing.join(", ")} (options or SIGHTLINE_* environment variables)`);
      return;
    }
    const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
    const resource: OtlpKeyValue[] = [
      { key: "service.name", value: otlpValue(options.serviceName ?? env("OTEL_SERVICE_NAME") ?? "unknown_service") },
      { key: "telemetry.sdk.name", value: otlpValue("sightline") },
      { key: "telemetry.sdk.language", value: otlpValue(isNode ? "nodejs" : "webjs") },
      { key: "telemetry.sdk.version", value: otlpValue(SDK_VERSION) },
    ];
    this.exporter = new Exporter({
      endpoint: `${baseUrl}/api/public/otel/v1/traces`,
      authorization: `Basic ${base64(`${publicKey}:${secretKey}`)}`,
      resource,
      flushAt: options.flushAt ?? 100,
      flushBytes: options.flushBytes ?? 1_000_000,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxQueueSpans: options.maxQueueSpans ?? 10_000,
      maxRetries: options.maxRetries ?? 3,
      timeoutMs: options.timeoutMs ?? 10_000,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      onError: options.onError ?? (() => undefined),
    });
  }

  /** Runs `fn` in a new trace (a root span named `name`); returns what `fn` returns. */
  trace<T>(name: string, fn: (span: SpanHandle) => T, attrs: TraceOptions = {}): T {
    const { userId, sessionId, release, version, environment, tags, ...spanAttrs } = attrs;
    const trace: TraceState = {
      traceId: newTraceId(),
      attributes: { ...this.defaults, ...clean({ userId, sessionId, release, version, environment, tags }) },
    };
    return this.run(this.create(name, "chain", trace, undefined, spanAttrs), fn);
  }

  /** Runs `fn` in a child span of the current one (or a new trace). */
  span<T>(name: string, fn: (span: SpanHandle) => T, attrs: SpanAttributes & { kind?: SpanKind } = {}): T {
    const { kind, ...rest } = attrs;
    return this.run(this.startSpan(name, { ...rest, kind: kind ?? "span" }), fn);
  }

  /** A model call: model, provider, input messages, parameters; set output and usage on the handle. */
  generation<T>(name: string, fn: (generation: SpanHandle) => T, attrs: GenerationAttributes = {}): T {
    return this.run(this.startSpan(name, { ...attrs, kind: "generation" }), fn);
  }

  /** A retrieval: the query, and the documents (`handle.setDocuments`) in ranked order. */
  retrieval<T>(name: string, fn: (retrieval: SpanHandle) => T, attrs: RetrievalAttributes = {}): T {
    return this.run(this.startSpan(name, { ...attrs, kind: "retrieval" }), fn);
  }

  /** Starts a span you end yourself with `handle.end()`. */
  startSpan(name: string, options: StartSpanOptions = {}): SpanHandle {
    const { kind = "span", parent, ...attrs } = options;
    const current = parent ? { trace: parent.trace, span: parent } : this.storage.getStore();
    const trace = current?.trace ?? { traceId: newTraceId(), attributes: { ...this.defaults } };
    return this.create(name, kind, trace, current?.span.spanId, attrs);
  }

  /** Sets trace attributes from anywhere inside a trace; applies to every span not yet sent. */
  updateTrace(attrs: TraceAttributes): void {
    const current = this.storage.getStore();
    if (current) Object.assign(current.trace.attributes, clean(attrs));
  }

  /** The current trace id, for log correlation. */
  getCurrentTraceId(): string | undefined {
    return this.storage.getStore()?.trace.traceId;
  }

  getCurrentSpanId(): string | undefined {
    return this.storage.getStore()?.span.spanId;
  }

  /** Sends everything queued; resolves when sent or given up on. Never rejects. */
  async flush(): Promise<void> {
    await this.exporter?.flush();
  }

  /** Flushes and stops the interval timer. */
  async shutdown(): Promise<void> {
    await this.exporter?.shutdown();
  }

  stats(): SightlineStats {
    return this.exporter?.stats() ?? { sent: 0, dropped: 0, failed: 0, retried: 0, queued: 0 };
  }

  private create(name: string, kind: SpanKind, trace: TraceState, parentSpanId: string | undefined, attrs: Omit<StartSpanOptions, "kind" | "parent">): SpanHandle {
    const handle = new SpanHandle(trace, name, kind, parentSpanId, (span) => this.exporter?.enqueue(span));
    const { attributes, documents, usage, cost, ...fields } = attrs as StartSpanOptions & GenerationAttributes & RetrievalAttributes;
    handle.update({ ...fields, documents, usage, cost });
    for (const [key, value] of Object.entries(attributes ?? {})) handle.setAttribute(key, value);
    return handle;
  }

  private run<T>(span: SpanHandle, fn: (span: SpanHandle) => T): T {
    const fail = (error: unknown) => {
      span.setError(error);
      span.end();
    };
    let result: T;
    try {
      result = this.storage.run({ trace: span.trace, span }, () => fn(span));
    } catch (error) {
      fail(error);
      throw error;
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          fail(error);
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function clean<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
