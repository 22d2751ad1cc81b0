/** A chat message as the model saw it. */
export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool" | (string & {});
  content: string | null;
  name?: string;
  toolCallId?: string;
  toolCalls?: { id?: string; name: string; arguments?: string }[];
}

/** A retrieved document, in the retriever's ranking. */
export interface RetrievedDocument {
  id?: string;
  content?: string;
  score?: number;
  metadata?: Record<string, unknown>;
}

/** Token usage of a generation. `total` defaults to input + output. */
export interface Usage {
  input?: number;
  output?: number;
  total?: number;
  cacheRead?: number;
  reasoning?: number;
}

export type SpanKind =
  | "span"
  | "generation"
  | "retrieval"
  | "embedding"
  | "tool"
  | "agent"
  | "chain"
  | "event";

/** Attributes that belong to the whole trace; they are sent on every span of it. */
export interface TraceAttributes {
  userId?: string;
  sessionId?: string;
  release?: string;
  version?: string;
  environment?: string;
  tags?: string[];
}

/** What any span can carry. */
export interface SpanAttributes {
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, unknown>;
  /** Extra OTLP attributes, sent as they are (strings, numbers, booleans, string arrays). */
  attributes?: Record<string, string | number | boolean | string[]>;
}

export interface GenerationAttributes extends SpanAttributes {
  model?: string;
  provider?: string;
  input?: ChatMessage[] | unknown;
  modelParameters?: Record<string, unknown>;
  usage?: Usage;
  /** USD. */
  cost?: number;
}

export interface RetrievalAttributes extends SpanAttributes {
  query?: string;
  documents?: RetrievedDocument[];
}

export type TraceOptions = TraceAttributes & SpanAttributes;

/** Fields a live span can be updated with before it ends. */
export interface SpanUpdate {
  input?: unknown;
  output?: unknown;
  metadata?: Record<string, unknown>;
  model?: string;
  provider?: string;
  modelParameters?: Record<string, unknown>;
  usage?: Usage;
  cost?: number;
  documents?: RetrievedDocument[];
  query?: string;
}

export interface SightlineStats {
  /** Spans accepted by the server. */
  sent: number;
  /** Spans dropped because the queue was full. */
  dropped: number;
  /** Spans that could not be delivered (after retries, or refused by the server). */
  failed: number;
  /** Requests retried. */
  retried: number;
  /** Spans waiting in the queue. */
  queued: number;
}
