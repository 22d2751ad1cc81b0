/** What a span represents; the server stores it as the span's kind. */
export type SpanKind =
  | "span"
  | "generation"
  | "retrieval"
  | "embedding"
  | "tool"
  | "agent"
  | "chain"
  | "reranker"
  | "guardrail"
  | "evaluator"
  | "event";

/** A value accepted by {@link SpanHandle.setAttribute}: a primitive or an array of primitives. */
export type AttributeValue = string | number | boolean | bigint | ReadonlyArray<string | number | boolean>;

/** A chat message as sent to or received from a model. */
export interface ChatMessage {
  role: string;
  content: unknown;
  [key: string]: unknown;
}

/** Token counts of a generation. `total` defaults on the server to input + output. */
export interface Usage {
  /** Prompt tokens, cached ones included. */
  input?: number;
  /** Completion tokens, reasoning ones included. */
  output?: number;
  total?: number;
  /** Prompt tokens read from the provider's cache. */
  cacheRead?: number;
  /** Output tokens spent on reasoning. */
  reasoning?: number;
}

/** A document returned by a retrieval. */
export interface RetrievedDocument {
  id?: string;
  content?: string;
  score?: number;
  metadata?: Record<string, unknown>;
}

/**
 * Trace-level attributes. They are sent on every span of the trace, so any span read
 * alone still tells who and what it belonged to.
 */
export interface TraceAttributes {
  userId?: string;
  sessionId?: string;
  /** Defaults to the client's `release` option. */
  release?: string;
  /** Defaults to the client's `version` option. */
  version?: string;
  /** Defaults to the client's `environment` option. */
  environment?: string;
  /** Added to the trace's tags (never removed). */
  tags?: string[];
  /** Shallow-merged into the root span's metadata. */
  metadata?: Record<string, unknown>;
  /** The root span's input. */
  input?: unknown;
}

/** Options of {@link Sightline.trace}: trace attributes plus the root span's kind. */
export interface TraceOptions extends TraceAttributes {
  /** Kind of the root span. Default "span". */
  kind?: SpanKind;
}

/** Options of {@link Sightline.span}. */
export interface SpanOptions {
  /** Default "span". */
  kind?: SpanKind;
  input?: unknown;
  metadata?: Record<string, unknown>;
}

/** Options of {@link Sightline.generation}. */
export interface GenerationOptions {
  model?: string;
  provider?: string;
  /** Usually chat messages `[{ role, content }]`; any JSON value is accepted. */
  input?: ChatMessage[] | unknown;
  /** temperature, max_tokens, … */
  modelParameters?: Record<string, unknown>;
  usage?: Usage;
  /** USD. */
  cost?: number;
  metadata?: Record<string, unknown>;
}

/** Options of {@link Sightline.retrieval}. */
export interface RetrievalOptions {
  query?: string;
  documents?: RetrievedDocument[];
  metadata?: Record<string, unknown>;
}

/** Fields every span handle can update before the span ends. */
export interface SpanUpdate {
  input?: unknown;
  output?: unknown;
  /** Shallow-merged into the span's metadata. */
  metadata?: Record<string, unknown>;
}

/** Fields a generation handle can update before the span ends. */
export interface GenerationUpdate extends SpanUpdate {
  model?: string;
  provider?: string;
  modelParameters?: Record<string, unknown>;
  /** Fields given replace the same fields set before. */
  usage?: Usage;
  /** USD. */
  cost?: number;
}

/** Fields a retrieval handle can update before the span ends. */
export interface RetrievalUpdate extends SpanUpdate {
  query?: string;
  documents?: RetrievedDocument[];
}

/** Counters of the delivery pipeline since the client was created. */
export interface SightlineStats {
  /** Spans the server acknowledged. */
  sent: number;
  /** Spans dropped because the queue was full (the oldest go first). */
  dropped: number;
  /** Spans given up on: retries exhausted, not retryable (400/401/413), or rejected by the server. */
  failed: number;
  /** Requests sent again after a retryable failure. */
  retried: number;
}

/** Why a delivery failed, passed to the `onError` option. */
export class SightlineExportError extends Error {
  override readonly name = "SightlineExportError";
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status: number | undefined,
    /** How many spans this failure concerns. */
    readonly spanCount: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
