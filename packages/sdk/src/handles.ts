import type {
  AttributeValue,
  GenerationOptions,
  GenerationUpdate,
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
 * The child helpers (`span`, `generation`, `retrieval`) parent explicitly on this span,
 * which works in runtimes without async context (browsers).
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
  /** Sets input, output and/or merges metadata. */
  update(update: SpanUpdate): this;
  /** Sets the output (any JSON-serializable value). */
  setOutput(output: unknown): this;
  /** Sets a custom attribute, sent as is (and kept by the server as a raw attribute). */
  setAttribute(key: string, value: AttributeValue): this;
  /** Sets the status; the callback helpers set "ok" or "error" themselves. */
  setStatus(status: "ok" | "error", message?: string): this;
  /** Same as {@link Sightline.updateTrace} for this span's trace. */
  updateTrace(attributes: TraceAttributes): this;
  /** Runs `fn` in a child span of this span. */
  span<T>(name: string, fn: (span: SpanHandle) => T, options?: SpanOptions): T;
  /** Runs `fn` in a child generation of this span. */
  generation<T>(name: string, fn: (generation: GenerationHandle) => T, options?: GenerationOptions): T;
  /** Runs `fn` in a child retrieval of this span. */
  retrieval<T>(name: string, fn: (retrieval: RetrievalHandle) => T, options?: RetrievalOptions): T;
  /** Ends the span now (the callback helpers do this for you); later calls do nothing. */
  end(): void;
}

/** A live generation (a model call). */
export interface GenerationHandle extends SpanHandle {
  /** Sets output, usage, cost, model, provider, model parameters, input; merges metadata. */
  update(update: GenerationUpdate): this;
}

/** A live retrieval. */
export interface RetrievalHandle extends SpanHandle {
  /** Sets query, documents, output, input; merges metadata. */
  update(update: RetrievalUpdate): this;
  /** The retrieved documents, best first: `[{ id, content, score, metadata }]`. */
  setDocuments(documents: RetrievedDocument[]): this;
}
