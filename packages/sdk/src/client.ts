import type { AttrValue } from "./attribute-value.js";
import { createContextStore } from "./context.js";
import { registerExitFlush, unregisterExitFlush } from "./exit-flush.js";
import { BatchExporter, readJsonErrorMessage, type FetchLike } from "./exporter.js";
import type { FinishedSpan } from "./finished-span.js";
import type { AnySpanHandle, GenerationHandle, RetrievalHandle, SpanHandle } from "./handles.js";
import { LiveSpan } from "./live-span.js";
import { observe, type ObserveOptions } from "./observe.js";
import { resolveOptions, type ResolvedOptions, type SightlineOptions } from "./options.js";
import { encodeTraceRequestJson, readOtlpJsonAcceptance } from "./otlp-json.js";
import { ProtoSpanEncoder, readOtlpProtoAcceptance, readProtoStatusMessage, releaseTraceRequestProto, type EncodedSpan } from "./otlp-proto.js";
import { encodeScores, readScoresAcceptance, SCORES_PATH, toWireScore, type QueuedScore } from "./scores.js";
import type { ExportOrigin } from "./span-attributes.js";
import { parseTraceparent, readHeader, type HeadersLike, type RemoteParent } from "./traceparent.js";
import { Tracer, type ParentLike } from "./tracer.js";
import { defaultTransport } from "./transport.js";
import {
  SightlineExportError,
  type DeliveryStats,
  type GenerationOptions,
  type GenerationUpdate,
  type ParentRef,
  type RetrievalOptions,
  type RetrievalUpdate,
  type ScoreInput,
  type SightlineStats,
  type SpanKind,
  type SpanOptions,
  type TraceAttributes,
  type TraceOptions,
} from "./types.js";
import { SDK_NAME, SDK_VERSION } from "./version.js";

/** The span exporter, whatever it queues (encoded spans for protobuf, the spans themselves for JSON). */
type SpanExporter = Pick<BatchExporter<never>, "flush" | "shutdown" | "stats">;

/** The OTLP/HTTP path of Sightline's ingest (also accepted at /v1/traces). */
export const TRACES_PATH = "/api/public/otel/v1/traces";

/** Options of {@link Sightline.startSpan}. */
export interface StartSpanOptions extends GenerationUpdate, RetrievalUpdate {
  /** Default "span". */
  kind?: SpanKind;
  /**
   * The parent span: a handle or `{ traceId, spanId }`. Omitted: the current span (from
   * async context), else a new trace. null: always start a new trace.
   */
  parent?: ParentRef | null;
  /** Applied to the span's trace (a new one, or the parent's). */
  traceAttributes?: TraceAttributes;
  /** For a new trace: use this id (e.g. `createTraceId(requestId)`). */
  traceId?: string;
}

const NO_STATS: DeliveryStats = { sent: 0, dropped: 0, failed: 0, retried: 0 };
let lastCreated: Sightline | undefined;

/**
 * The Sightline client: creates spans, keeps the current one in async context, and sends
 * ended spans in batches as OTLP/HTTP (protobuf by default). It never throws into your code
 * because of delivery: failures are counted in {@link stats}, warned about once per kind
 * of failure, and passed to `onError`.
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
  private readonly spanExporter: SpanExporter | undefined;
  private readonly scoreExporter: BatchExporter<QueuedScore> | undefined;
  private readonly warned = new Set<string>();
  private sampledOut = 0;
  /** Read by the exit hook: how long a signal may wait for our flush. */
  readonly exitFlushTimeoutMs: number;

  constructor(options: SightlineOptions = {}) {
    this.options = resolveOptions(options);
    this.exitFlushTimeoutMs = this.options.exitFlushTimeoutMs;
    const exporters = this.options.enabled ? this.createExporters() : undefined;
    this.spanExporter = exporters?.spans;
    this.scoreExporter = exporters?.scores;
    this.tracer = new Tracer(createContextStore<LiveSpan>(), {
      traceDefaults: { release: this.options.release, version: this.options.version, environment: this.options.environment },
      sampleRate: this.options.sampleRate,
      mask: this.options.mask,
      sink: exporters?.sink ?? (() => {}),
      json: exporters?.json,
      sampledOut: () => void this.sampledOut++,
      afterRootEnds: this.options.flushOnEnd && exporters ? () => this.flush() : undefined,
    });
    if (exporters && this.options.flushOnExit) registerExitFlush(this);
    lastCreated = this;
  }

  /** The most recently created client; integrations use it when none is passed to them. */
  static latest(): Sightline | undefined {
    return lastCreated;
  }

  /**
   * Runs `fn` in the root span of a new trace and returns what `fn` returns (a promise
   * stays a promise). The span ends when `fn` returns or its promise settles; a throw or
   * rejection marks it as an error with the message and is passed on unchanged.
   * `options` sets the trace attributes (sent on every span of the trace), and can
   * continue a trace from elsewhere (`traceparent`, `parent`) or fix its id (`traceId`).
   */
  trace<T>(name: string, fn: (span: SpanHandle) => T, options?: TraceOptions): T {
    const parent: ParentLike | undefined = options?.parent ?? parseTraceparent(options?.traceparent);
    const span = this.tracer.start(name, options?.kind ?? "span", parent, options, options?.traceId); // apply() reads only the trace attributes: no copy without the other options
    return this.tracer.run(span, fn);
  }

  /** Runs `fn` in a span under the current span (or `options.parent`, or in a new trace when there is none). */
  span<T>(name: string, fn: (span: SpanHandle) => T, options?: SpanOptions): T {
    return this.child(name, options?.kind ?? "span", fn, options);
  }

  /** Runs `fn` in a generation (a model call). */
  generation<T>(name: string, fn: (generation: GenerationHandle) => T, options?: GenerationOptions): T {
    return this.child(name, "generation", fn, options);
  }

  /** Runs `fn` in a retrieval (vector search, keyword search, …). */
  retrieval<T>(name: string, fn: (retrieval: RetrievalHandle) => T, options?: RetrievalOptions): T {
    return this.child(name, "retrieval", fn, options);
  }

  /** Runs `fn` in an embedding call (model, usage and cost like a generation). */
  embedding<T>(name: string, fn: (embedding: GenerationHandle) => T, options?: GenerationOptions): T {
    return this.child(name, "embedding", fn, options);
  }

  /** Runs `fn` in a tool call. */
  tool<T>(name: string, fn: (tool: SpanHandle) => T, options?: SpanOptions): T {
    return this.child(name, "tool", fn, options);
  }

  /** Runs `fn` in an agent (a step that decides what to call next). */
  agent<T>(name: string, fn: (agent: SpanHandle) => T, options?: SpanOptions): T {
    return this.child(name, "agent", fn, options);
  }

  /** Records a zero-length span of kind "event" (a log line, a user action) under the current span. */
  event(name: string, options?: SpanOptions): void {
    this.tracer.startChild(this.parentFor(options?.parent), name, "event", options).end();
  }

  /**
   * Wraps a function so every call runs in a span: the arguments are its input, the
   * return value (or resolved value) its output, a throw or rejection its error.
   *
   * @example
   * const answer = sightline.observe(async (question: string) => llm(question), { kind: "generation", name: "answer" });
   */
  observe<A extends unknown[], R>(fn: (...args: A) => R, options: ObserveOptions = {}): (...args: A) => R {
    return observe(this.tracer, fn, options);
  }

  /**
   * Starts a span you end yourself with `handle.end()`. It does not become the current
   * span; give it as `parent` to later spans, or use its child helpers (`handle.span(…)`).
   */
  startSpan(name: string, options: StartSpanOptions = {}): AnySpanHandle {
    const parent = options.parent === null ? undefined : this.parentFor(options.parent);
    const span = this.tracer.start(name, options.kind ?? "span", parent, options.traceAttributes, options.traceId);
    span.update(options);
    return span;
  }

  /**
   * Sets trace attributes (user, session, tags, metadata, release, …) from anywhere inside
   * a trace. They apply to every span of the trace not yet sent, including spans that
   * already ended. `traceId` targets a trace with spans still open in this process from
   * outside its context. No-op when there is no such trace.
   */
  setTraceAttributes(attributes: TraceAttributes, traceId?: string): void {
    const trace = traceId === undefined ? this.tracer.current()?.trace : this.tracer.liveTrace(traceId);
    trace?.apply(attributes, this.options.mask);
  }

  /** Alias of {@link setTraceAttributes}. */
  updateTrace(attributes: TraceAttributes, traceId?: string): void {
    this.setTraceAttributes(attributes, traceId);
  }

  /**
   * Sends a score (an evaluation, user feedback, a flag) for a trace or span to the
   * scores API, batched and retried like spans. Returns the score's id (idempotency key),
   * or undefined when the input is invalid (reported through `onError`, never thrown).
   */
  score(input: ScoreInput): string | undefined {
    const score = toWireScore(input);
    if (typeof score === "string") {
      this.report(new SightlineExportError(`invalid score, not sent: ${score}`, undefined, 1), "invalid-score");
      return undefined;
    }
    this.scoreExporter?.enqueue({ score, estimatedBytes: 200 + score.name.length + (score.comment?.length ?? 0) + String(score.value).length });
    return score.id;
  }

  /** Trace id of the current span, for log correlation; undefined outside a trace. */
  getCurrentTraceId(): string | undefined {
    return this.tracer.current()?.traceId;
  }

  /** Id of the current span; undefined outside a trace. */
  getCurrentSpanId(): string | undefined {
    return this.tracer.current()?.spanId;
  }

  /** The W3C `traceparent` of the current span, to pass to a downstream service; undefined outside a trace. */
  getTraceparent(): string | undefined {
    return this.tracer.current()?.getTraceparent();
  }

  /**
   * Adds the current span's `traceparent` to outgoing request headers (a `Headers` or a
   * plain object, changed in place and returned). Unchanged outside a trace.
   */
  injectTraceparent<H extends Headers | Record<string, string>>(headers: H): H {
    const traceparent = this.getTraceparent();
    if (traceparent === undefined || !headers || typeof headers !== "object") return headers;
    try {
      if (typeof (headers as Headers).set === "function") (headers as Headers).set("traceparent", traceparent);
      else (headers as Record<string, string>).traceparent = traceparent;
    } catch {
      // frozen headers: nothing to propagate, nothing to break
    }
    return headers;
  }

  /**
   * The remote parent named by incoming request headers' `traceparent`, to continue the
   * caller's trace: `sightline.trace("handle", fn, { parent: sightline.continueFrom(req.headers) })`.
   * undefined when the header is absent or invalid (a new trace then starts).
   */
  continueFrom(headers: HeadersLike | null | undefined): RemoteParent | undefined {
    return parseTraceparent(readHeader(headers, "traceparent"));
  }

  /**
   * Wraps a serverless handler (Lambda, Vercel, Cloudflare, …) so queued spans and scores
   * are sent before its promise settles, whatever the outcome: the platform may freeze the
   * process as soon as the handler returns.
   */
  serverless<A extends unknown[], R>(handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A): Promise<R> => {
      try {
        return await handler(...args);
      } finally {
        await this.flush();
      }
    };
  }

  /** Resolves once every span and score queued before this call was sent or given up on. Never rejects. */
  flush(): Promise<void> {
    return Promise.all([this.spanExporter?.flush(), this.scoreExporter?.flush()]).then(() => undefined);
  }

  /** Flushes and stops the timers and exit hooks. Spans and scores arriving afterwards are dropped (counted). Never rejects. */
  shutdown(): Promise<void> {
    unregisterExitFlush(this);
    return Promise.all([this.spanExporter?.shutdown(), this.scoreExporter?.shutdown()]).then(() => undefined);
  }

  /** Delivery counters since this client was created: spans at the top level, scores under `scores`. */
  stats(): SightlineStats {
    return { ...(this.spanExporter?.stats() ?? NO_STATS), sampledOut: this.sampledOut, scores: this.scoreExporter?.stats() ?? { ...NO_STATS } };
  }

  private child<T>(name: string, kind: SpanKind, fn: (span: LiveSpan) => T, options: (GenerationOptions & RetrievalOptions) | undefined): T {
    return this.tracer.runChild(this.parentFor(options?.parent), name, kind, fn, options);
  }

  private parentFor(parent: ParentRef | undefined): ParentLike | undefined {
    return parent && typeof parent === "object" ? parent : this.tracer.current();
  }

  private createExporters():
    | { spans: SpanExporter; scores: BatchExporter<QueuedScore>; sink: (span: FinishedSpan) => void; json: ProtoSpanEncoder | undefined }
    | undefined {
    const { baseUrl, publicKey, secretKey } = this.options;
    const missing = [
      baseUrl ? undefined : "baseUrl (SIGHTLINE_BASE_URL)",
      publicKey ? undefined : "publicKey (SIGHTLINE_PUBLIC_KEY)",
      secretKey ? undefined : "secretKey (SIGHTLINE_SECRET_KEY)",
    ].filter((name) => name !== undefined);
    if (missing.length > 0 || !baseUrl || !publicKey || !secretKey) {
      this.report(new SightlineExportError(`Sightline is not configured, nothing will be sent: missing ${missing.join(", ")}`, undefined, 0), "config");
      return undefined;
    }
    const origin: ExportOrigin = {
      resourceAttributes: [
        ["service.name", this.options.serviceName],
        ["telemetry.sdk.name", "sightline"],
        ["telemetry.sdk.language", isNode() ? "nodejs" : "webjs"],
        ["telemetry.sdk.version", SDK_VERSION],
      ] as Array<[string, AttrValue]>,
      scopeName: SDK_NAME,
      scopeVersion: SDK_VERSION,
    };
    const authorization = `Basic ${base64Utf8(`${publicKey}:${secretKey}`)}`;
    const fetchImpl: FetchLike = this.options.fetch ?? defaultTransport();
    const delivery = {
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
      reportFailure: (error: SightlineExportError) => this.report(error, `http-${error.status ?? "network"}`),
    };
    const spanConfig = {
      ...delivery,
      noun: "span",
      endpoint: `${baseUrl}${TRACES_PATH}`,
    };
    let spans: SpanExporter;
    let sink: (span: FinishedSpan) => void;
    let json: ProtoSpanEncoder | undefined;
    if (this.options.format === "protobuf") {
      // Each span is encoded as it ends (see ProtoSpanEncoder): the queue holds bytes, and
      // so do live spans for their inputs and outputs (JSON written straight as UTF-8).
      const encoder = new ProtoSpanEncoder();
      json = encoder;
      const exporter = new BatchExporter<EncodedSpan>({
        ...spanConfig,
        headers: { "Content-Type": "application/x-protobuf", Authorization: authorization },
        encode: (batch) => encoder.encodeBatch(batch, origin),
        release: releaseTraceRequestProto,
        discard: (span) => encoder.release(span),
        readAcceptance: readOtlpProtoAcceptance,
        readErrorMessage: (body) => readProtoStatusMessage(body) ?? readJsonErrorMessage(body),
      });
      spans = exporter;
      sink = (span) => {
        let encoded: EncodedSpan;
        try {
          encoded = encoder.encode(span);
        } catch (error) {
          exporter.refuse(error); // never into the app's call that ended the span
          return;
        }
        exporter.enqueue(encoded);
      };
    } else {
      const exporter = new BatchExporter<FinishedSpan>({
        ...spanConfig,
        headers: { "Content-Type": "application/json", Authorization: authorization },
        encode: (batch) => encodeTraceRequestJson(batch, origin),
        readAcceptance: readOtlpJsonAcceptance,
        readErrorMessage: readJsonErrorMessage,
      });
      spans = exporter;
      sink = (span) => exporter.enqueue(span);
    }
    const scores = new BatchExporter<QueuedScore>({
      ...delivery,
      noun: "score",
      endpoint: `${baseUrl}${SCORES_PATH}`,
      headers: { "Content-Type": "application/json", Authorization: authorization },
      encode: encodeScores,
      readAcceptance: readScoresAcceptance,
      readErrorMessage: readJsonErrorMessage,
    });
    return { spans, scores, sink, json };
  }

  /**
   * One console.warn per kind of problem (a bad key, an unreachable server, a too-large
   * request: each noticed once, clearly), onError for every occurrence.
   */
  private report(error: SightlineExportError, kind: string): void {
    if (!this.warned.has(kind)) {
      this.warned.add(kind);
      try {
        console.warn(`[sightline] ${error.message}${this.options.onError ? "" : ". Further failures of this kind are silent; pass onError to see them, stats() counts them."}`);
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

function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
}

/** btoa only takes Latin-1; keys are ASCII in practice, but a non-ASCII one must not throw. */
function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
