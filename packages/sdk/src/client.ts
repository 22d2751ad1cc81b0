import type { AttrValue } from "./attribute-value.js";
import { createContextStore } from "./context.js";
import { BatchExporter, type FetchLike } from "./exporter.js";
import type { FinishedSpan } from "./finished-span.js";
import type { GenerationHandle, RetrievalHandle, SpanHandle } from "./handles.js";
import { LiveSpan } from "./live-span.js";
import { resolveOptions, type ResolvedOptions, type SightlineOptions } from "./options.js";
import { encodeTraceRequestJson } from "./otlp-json.js";
import { Tracer } from "./tracer.js";
import {
  SightlineExportError,
  type GenerationOptions,
  type GenerationUpdate,
  type RetrievalOptions,
  type RetrievalUpdate,
  type SightlineStats,
  type SpanKind,
  type SpanOptions,
  type TraceAttributes,
  type TraceOptions,
} from "./types.js";
import { SDK_NAME, SDK_VERSION } from "./version.js";

/** The OTLP/HTTP path of Sightline's ingest (also accepted at /v1/traces). */
export const TRACES_PATH = "/api/public/otel/v1/traces";

/** Options of {@link Sightline.startSpan}. */
export interface StartSpanOptions extends GenerationUpdate, RetrievalUpdate {
  /** Default "span". */
  kind?: SpanKind;
  /**
   * The parent span. Omitted: the current span (from async context), else a new trace.
   * null: always start a new trace.
   */
  parent?: SpanHandle | null;
  /** Applied to the span's trace (a new one, or the parent's). */
  traceAttributes?: TraceAttributes;
}

/**
 * The Sightline client: creates spans, keeps the current one in async context, and sends
 * ended spans in batches as OTLP/HTTP JSON. It never throws into your code because of
 * delivery: failures are counted in {@link stats}, warned about once, and passed to `onError`.
 *
 * @example
 * const sightline = new Sightline({ baseUrl: "http://localhost:3000", publicKey: "pk-sl-…", secretKey: "sk-sl-…" });
 * await sightline.trace("answer-question", async () => {
 *   await sightline.generation("llm", async (g) => { g.update({ output: "…", usage: { input: 42, output: 4 } }); },
 *     { model: "gpt-4o-mini", provider: "openai", input: [{ role: "user", content: "…" }] });
 * }, { userId: "user-1" });
 * await sightline.shutdown();
 */
export class Sightline {
  private readonly options: ResolvedOptions;
  private readonly tracer: Tracer;
  private readonly exporter: BatchExporter | undefined;
  private warned = false;

  constructor(options: SightlineOptions = {}) {
    this.options = resolveOptions(options);
    this.exporter = this.options.enabled ? this.createExporter() : undefined;
    const sink = this.exporter ? (span: FinishedSpan) => this.exporter!.enqueue(span) : () => {};
    this.tracer = new Tracer(createContextStore<LiveSpan>(), sink, {
      release: this.options.release,
      version: this.options.version,
      environment: this.options.environment,
    });
  }

  /**
   * Runs `fn` in the root span of a new trace and returns what `fn` returns (a promise
   * stays a promise). The span ends when `fn` returns or its promise settles; a throw or
   * rejection marks it as an error with the message and is passed on unchanged.
   * `options` sets the trace attributes (sent on every span of the trace).
   */
  trace<T>(name: string, fn: (span: SpanHandle) => T, options?: TraceOptions): T {
    const span = this.tracer.start(name, options?.kind ?? "span", undefined, options && traceAttributesOf(options));
    return this.tracer.run(span, fn);
  }

  /** Runs `fn` in a span under the current span (or in a new trace when there is none). */
  span<T>(name: string, fn: (span: SpanHandle) => T, options?: SpanOptions): T {
    return this.tracer.runChild(this.tracer.current(), name, options?.kind ?? "span", fn, options ?? {});
  }

  /** Runs `fn` in a generation (a model call) under the current span (or in a new trace). */
  generation<T>(name: string, fn: (generation: GenerationHandle) => T, options?: GenerationOptions): T {
    return this.tracer.runChild(this.tracer.current(), name, "generation", fn, options ?? {});
  }

  /** Runs `fn` in a retrieval under the current span (or in a new trace). */
  retrieval<T>(name: string, fn: (retrieval: RetrievalHandle) => T, options?: RetrievalOptions): T {
    return this.tracer.runChild(this.tracer.current(), name, "retrieval", fn, options ?? {});
  }

  /**
   * Starts a span you end yourself with `handle.end()`. It does not become the current
   * span; give it as `parent` to later spans, or use its child helpers (`handle.span(…)`).
   */
  startSpan(name: string, options: StartSpanOptions = {}): SpanHandle & GenerationHandle & RetrievalHandle {
    const parent = options.parent === null ? undefined : options.parent instanceof LiveSpan ? options.parent : this.tracer.current();
    const span = this.tracer.start(name, options.kind ?? "span", parent, options.traceAttributes);
    span.update(options);
    return span;
  }

  /**
   * Sets trace attributes from anywhere inside a trace. They apply to every span of the
   * trace not yet sent (spans already sent keep what they had). No-op outside a trace.
   */
  updateTrace(attributes: TraceAttributes): void {
    this.tracer.current()?.trace.apply(attributes);
  }

  /** Trace id of the current span, for log correlation; undefined outside a trace. */
  getCurrentTraceId(): string | undefined {
    return this.tracer.current()?.traceId;
  }

  /** Id of the current span; undefined outside a trace. */
  getCurrentSpanId(): string | undefined {
    return this.tracer.current()?.spanId;
  }

  /** Resolves once every span that ended before this call was sent or given up on. Never rejects. */
  flush(): Promise<void> {
    return this.exporter?.flush() ?? Promise.resolve();
  }

  /** Flushes and stops the timer. Spans that end afterwards are dropped (counted). Never rejects. */
  shutdown(): Promise<void> {
    return this.exporter?.shutdown() ?? Promise.resolve();
  }

  /** Delivery counters since this client was created. */
  stats(): SightlineStats {
    return this.exporter?.stats() ?? { sent: 0, dropped: 0, failed: 0, retried: 0 };
  }

  private createExporter(): BatchExporter | undefined {
    const { baseUrl, publicKey, secretKey } = this.options;
    const missing = [
      baseUrl ? undefined : "baseUrl (SIGHTLINE_BASE_URL)",
      publicKey ? undefined : "publicKey (SIGHTLINE_PUBLIC_KEY)",
      secretKey ? undefined : "secretKey (SIGHTLINE_SECRET_KEY)",
    ].filter((name) => name !== undefined);
    if (missing.length > 0 || !baseUrl || !publicKey || !secretKey) {
      this.report(new SightlineExportError(`Sightline is not configured, nothing will be sent: missing ${missing.join(", ")}`, undefined, 0));
      return undefined;
    }
    const origin = {
      resourceAttributes: [
        ["service.name", this.options.serviceName],
        ["telemetry.sdk.name", "sightline"],
        ["telemetry.sdk.language", isNode() ? "nodejs" : "webjs"],
        ["telemetry.sdk.version", SDK_VERSION],
      ] as Array<[string, AttrValue]>,
      scopeName: SDK_NAME,
      scopeVersion: SDK_VERSION,
    };
    const fetchImpl: FetchLike = this.options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    return new BatchExporter({
      endpoint: `${baseUrl}${TRACES_PATH}`,
      headers: { "Content-Type": "application/json", Authorization: `Basic ${base64Utf8(`${publicKey}:${secretKey}`)}` },
      encode: (spans) => encodeTraceRequestJson(spans, origin),
      fetch: fetchImpl,
      flushAt: this.options.flushAt,
      flushBytes: this.options.flushBytes,
      flushIntervalMs: this.options.flushIntervalMs,
      maxQueueSpans: this.options.maxQueueSpans,
      maxQueueBytes: this.options.maxQueueBytes,
      maxConcurrentRequests: this.options.maxConcurrentRequests,
      maxRetries: this.options.maxRetries,
      retryBaseDelayMs: this.options.retryBaseDelayMs,
      timeoutMs: this.options.timeoutMs,
      reportFailure: (error) => this.report(error),
    });
  }

  /** One console.warn for the first problem (so a broken setup is noticed), onError for each. */
  private report(error: SightlineExportError): void {
    if (!this.warned) {
      this.warned = true;
      try {
        console.warn(`[sightline] ${error.message}${this.options.onError ? "" : ". Further delivery failures are silent; pass onError to see them, stats() counts them."}`);
      } catch {
        // a broken console must not break the app
      }
    }
    try {
      this.options.onError?.(error);
    } catch {
      // errors thrown by the app's handler are not ours to rethrow
    }
  }
}

function traceAttributesOf(options: TraceOptions): TraceAttributes {
  const { kind: _kind, ...attributes } = options;
  return attributes;
}

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
}

/** btoa only takes Latin-1; keys are ASCII in practice, but a non-ASCII one must not throw. */
function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
