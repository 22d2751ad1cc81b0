/**
 * The canonical span model: the one shape every ingest path maps into and every
 * reader (storage, query API, UI) reads back. Defined once, here.
 */

export const SPAN_KINDS = [
  "span",
  "generation",
  "retrieval",
  "embedding",
  "tool",
  "agent",
  "chain",
  "reranker",
  "guardrail",
  "evaluator",
  "event",
] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const SPAN_STATUSES = ["unset", "ok", "error"] as const;
export type SpanStatus = (typeof SPAN_STATUSES)[number];

/**
 * Which convention supplied a canonical field (shown in the span panel); "computed" when
 * Sightline derived the value itself (a cost from the price table, see `cost/`).
 */
export type Convention = "sightline" | "gen_ai" | "openinference" | "openllmetry" | "vercel_ai" | "langfuse" | "otel" | "computed";

export interface ToolCall {
  id?: string;
  name: string;
  arguments?: string;
}

/** A chat message, whatever convention it came from. */
export interface ChatMessage {
  role: string;
  content: string | null;
  name?: string;
  toolCallId?: string;
  toolCalls?: ToolCall[];
  finishReason?: string;
}

export interface RetrievedDocument {
  id?: string;
  content?: string;
  score?: number;
  metadata?: Record<string, unknown>;
}

export interface Usage {
  input: number;
  output: number;
  total: number;
  cacheRead: number;
  reasoning: number;
  /** Input tokens written to the provider's prompt cache (included in `input`, priced apart); absent when not reported. */
  cacheCreation?: number;
}

/** The prompt (template) a generation was built from: managed prompts by name and version, templates with their variables. */
export interface SpanPrompt {
  name?: string;
  version?: string;
  template?: string;
  variables?: Record<string, unknown>;
}

/** An evaluation result attached to a span (OTel GenAI `gen_ai.evaluation.result` events). */
export interface SpanEvaluation {
  name: string;
  score?: number;
  label?: string;
  explanation?: string;
}

export interface SpanEvent {
  name: string;
  timeUs: number;
  attributes: Record<string, unknown>;
}

/**
 * One ended span. Immutable once written. Times are microseconds since the Unix
 * epoch (ClickHouse DateTime64(6)); ids are lowercase hex (32 / 16 chars).
 */
export interface CanonicalSpan {
  projectId: string;
  traceId: string;
  spanId: string;
  /** "" for a root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKind;
  startTimeUs: number;
  endTimeUs: number;
  status: SpanStatus;
  statusMessage: string;
  model: string;
  provider: string;
  usage: Usage;
  /** USD; null when neither provided nor computable. */
  cost: number | null;
  // Trace-level attributes, copied onto every span of the trace.
  userId: string;
  sessionId: string;
  release: string;
  version: string;
  environment: string;
  tags: string[];
  serviceName: string;
  scopeName: string;
  /** Request parameters of a generation (temperature, max_tokens, …). */
  modelParameters: Record<string, unknown>;
  /** Chat messages (generation) or any JSON value (other kinds); null when absent. */
  input: unknown;
  output: unknown;
  documents: RetrievedDocument[];
  /**
   * The span's attributes as received (flattened keys), except those an input, output or
   * documents field holds whole (stored once, there; mappedFrom names the convention).
   */
  attributes: Record<string, unknown>;
  resourceAttributes: Record<string, unknown>;
  events: SpanEvent[];
  /** canonical field name → convention that supplied it. */
  mappedFrom: Record<string, Convention>;
  /**
   * True when this span's usage repeats its descendants' (a wrapper such as the Vercel AI SDK's
   * `ai.generateText` over `doGenerate`, or an agent over its model calls): trace totals skip it
   * and count the leaves. Absent means false.
   */
  usageRollup?: boolean;
  /** Evaluation results reported on the span (absent when none). */
  evaluations?: SpanEvaluation[];
  /** Set when the instrumentation named the prompt or template the span used. */
  prompt?: SpanPrompt;
}

export const emptyUsage = (): Usage => ({ input: 0, output: 0, total: 0, cacheRead: 0, reasoning: 0 });

export const TRACE_ATTRIBUTE_FIELDS = [
  "userId",
  "sessionId",
  "release",
  "version",
  "environment",
] as const satisfies readonly (keyof CanonicalSpan)[];
