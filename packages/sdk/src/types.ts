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

/** Severity of a span, as Langfuse and most LLM tools have it. "ERROR" also marks the span's status as error. */
export type Level = "DEBUG" | "DEFAULT" | "WARNING" | "ERROR";

/**
 * A parent given explicitly: a live handle, or the ids of a span elsewhere (another
 * service via `traceparent`, a span whose handle you no longer hold). Use it where async
 * context does not reach (browsers, callbacks scheduled by foreign code).
 */
export type ParentRef = { readonly traceId: string; readonly spanId: string };

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
  /**
   * Continue a trace started elsewhere: a W3C `traceparent` header value
   * ("00-<trace id>-<span id>-<flags>"). Invalid values are ignored (a new trace starts).
   */
  traceparent?: string | null;
  /** Continue a trace under this span (e.g. from {@link Sightline.continueFrom}). Wins over `traceparent`. */
  parent?: ParentRef;
  /** Use this trace id instead of a random one, e.g. `createTraceId(requestId)`. 32 hex chars. */
  traceId?: string;
}

/** Fields every span kind accepts when it starts. */
export interface CommonSpanOptions {
  input?: unknown;
  metadata?: Record<string, unknown>;
  level?: Level;
  /**
   * The parent, when async context does not carry it. Omitted: the current span (or a new
   * trace when there is none).
   */
  parent?: ParentRef;
}

/** Options of {@link Sightline.span} (and `tool`, `agent`, `embedding`, `event`). */
export interface SpanOptions extends CommonSpanOptions {
  /** Default "span". */
  kind?: SpanKind;
}

/** Options of {@link Sightline.generation}. */
export interface GenerationOptions extends CommonSpanOptions {
  model?: string;
  provider?: string;
  /** Usually chat messages `[{ role, content }]`; any JSON value is accepted. */
  input?: ChatMessage[] | unknown;
  /** temperature, max_tokens, … */
  modelParameters?: Record<string, unknown>;
  usage?: Usage;
  /** USD. */
  cost?: number;
}

/** Options of {@link Sightline.retrieval}. */
export interface RetrievalOptions extends CommonSpanOptions {
  query?: string;
  documents?: RetrievedDocument[];
}

/** Fields every span handle can update before the span ends. */
export interface SpanUpdate {
  input?: unknown;
  output?: unknown;
  /** Shallow-merged into the span's metadata. */
  metadata?: Record<string, unknown>;
  /** "ERROR" also sets the status to error (unless a status is given). */
  level?: Level;
  /** The callback helpers set it for you: "ok", or "error" with the thrown error's message. */
  status?: "ok" | "error";
  statusMessage?: string;
  /** Token counts (of a model call, or summed by an agent). Fields given replace the same fields set before. */
  usage?: Usage;
  /** USD. */
  cost?: number;
}

/** Fields a generation handle can update before the span ends. */
export interface GenerationUpdate extends SpanUpdate {
  model?: string;
  provider?: string;
  modelParameters?: Record<string, unknown>;
  /** When the first token arrived (epoch ms); see {@link GenerationHandle.markCompletionStart}. */
  completionStartTime?: number | Date;
}

/** Fields a retrieval handle can update before the span ends. */
export interface RetrievalUpdate extends SpanUpdate {
  query?: string;
  documents?: RetrievedDocument[];
}

/** Counters of one delivery pipeline (spans or scores) since the client was created. */
export interface DeliveryStats {
  /** Items the server acknowledged. */
  sent: number;
  /** Items dropped because the queue was full (the oldest go first), or ended after shutdown. */
  dropped: number;
  /** Items given up on: retries exhausted, not retryable (400/401/413), or rejected by the server. */
  failed: number;
  /** Requests sent again after a retryable failure. */
  retried: number;
}

/** Counters of the delivery pipelines since the client was created: spans at the top level, scores apart. */
export interface SightlineStats extends DeliveryStats {
  /** Spans not queued because their trace was sampled out (`sampleRate`). */
  sampledOut: number;
  scores: DeliveryStats;
}

/** Why a delivery failed, passed to the `onError` option. */
export class SightlineExportError extends Error {
  override readonly name = "SightlineExportError";
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status: number | undefined,
    /** How many spans (or scores) this failure concerns. */
    readonly spanCount: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Data type of a score; inferred from the value when omitted (number, boolean, string). */
export type ScoreDataType = "numeric" | "boolean" | "categorical";

/** A score (an evaluation, a user's thumbs-up, a flag) on a trace or one of its spans. */
export interface ScoreInput {
  /** Idempotency key; the server generates one when omitted. */
  id?: string;
  traceId: string;
  spanId?: string;
  /** e.g. "helpfulness", "user-feedback". */
  name: string;
  value: number | boolean | string;
  dataType?: ScoreDataType;
  comment?: string;
  /** When the score was given (a Date, epoch ms, or an ISO string). Default: now. */
  timestamp?: Date | number | string;
}
