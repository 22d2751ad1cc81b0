import type {
  AttributeValue,
  GenerationOptions,
  GenerationUpdate,
  Level,
  RetrievalOptions,
  RetrievalUpdate,
  RetrievedDocument,
  SpanKind,
  SpanOptions,
  SpanUpdate,
  TraceAttributes,
} from "./types.js";

/**
 * A live span. Updates after the span ended are ignored: a sent span is an immutable fact.
 * The child helpers (`span`, `generation`, …) parent explicitly on this span, which works
 * in runtimes without async context (browsers). A handle is also a valid `parent` option.
 */
export interface SpanHandle {
  /** 32 lowercase hex characters. */
  readonly traceId: string;
  /** 16 lowercase hex characters. */
  readonly spanId: string;
  /** undefined for the root span of a trace. */
  readonly parentSpanId: string | undefined;
  readonly kind: SpanKind;
  /** True once the span ended (and was queued for sending). */
  readonly ended: boolean;
  /** Sets input, output, usage, cost, level, status; merges metadata. Inputs and outputs go through `mask`. */
  update(update: SpanUpdate): this;
  /** Sets the output (any JSON-serializable value). */
  setOutput(output: unknown): this;
  /** Sets a custom attribute, sent as is (and kept by the server as a raw attribute). */
  setAttribute(key: string, value: AttributeValue): this;
  /** Sets the status; the callback helpers set "ok" or "error" themselves. */
  setStatus(status: "ok" | "error", message?: string): this;
  /** DEBUG, DEFAULT, WARNING or ERROR (ERROR also marks the status as error unless one is set). */
  setLevel(level: Level): this;
  /** Adds a timestamped event (a log line, a milestone) to this span. */
  addEvent(name: string, attributes?: Record<string, AttributeValue>): this;
  /** Same as {@link Sightline.setTraceAttributes} for this span's trace. */
  setTraceAttributes(attributes: TraceAttributes): this;
  /** Alias of {@link setTraceAttributes}. */
  updateTrace(attributes: TraceAttributes): this;
  /** The W3C `traceparent` value naming this span, to send to a downstream service. */
  getTraceparent(): string;
  /** Runs `fn` in a child span of this span. */
  span<T>(name: string, fn: (span: SpanHandle) => T, options?: SpanOptions): T;
  /** Runs `fn` in a child generation of this span. */
  generation<T>(name: string, fn: (generation: GenerationHandle) => T, options?: GenerationOptions): T;
  /** Runs `fn` in a child retrieval of this span. */
  retrieval<T>(name: string, fn: (retrieval: RetrievalHandle) => T, options?: RetrievalOptions): T;
  /** Runs `fn` in a child embedding call of this span. */
  embedding<T>(name: string, fn: (embedding: GenerationHandle) => T, options?: GenerationOptions): T;
  /** Runs `fn` in a child tool call of this span. */
  tool<T>(name: string, fn: (tool: SpanHandle) => T, options?: SpanOptions): T;
  /** Runs `fn` in a child agent step of this span. */
  agent<T>(name: string, fn: (agent: SpanHandle) => T, options?: SpanOptions): T;
  /** Records a zero-length child span of kind "event". */
  event(name: string, options?: SpanOptions): void;
  /** Ends the span now (the callback helpers do this for you); later calls do nothing. */
  end(): void;
}

/** A live generation (a model call) or embedding. */
export interface GenerationHandle extends SpanHandle {
  /** Sets output, usage, cost, model, provider, model parameters, input; merges metadata. */
  update(update: GenerationUpdate): this;
  /**
   * Records that the first token arrived now (time to first token): the attribute
   * `gen_ai.response.time_to_first_chunk` (seconds) and a `gen_ai.completion_start` event.
   * Only the first call counts.
   */
  markCompletionStart(): this;
}

/** A live retrieval. */
export interface RetrievalHandle extends SpanHandle {
  /** Sets query, documents, output, input; merges metadata. */
  update(update: RetrievalUpdate): this;
  /** The retrieved documents, best first: `[{ id, content, score, metadata }]`. */
  setDocuments(documents: RetrievedDocument[]): this;
}

/** The handle `startSpan` returns: every member of every handle type. */
export type AnySpanHandle = SpanHandle & GenerationHandle & RetrievalHandle;
