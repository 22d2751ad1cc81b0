import type { RetrievedDocument, SpanEvaluation, SpanKind, SpanPrompt, SpanStatus, Usage } from "./span";

/** A row of the traces list (light columns only: never input/output). */
export interface TraceSummary {
  traceId: string;
  name: string;
  startTime: string; // ISO 8601 with microseconds, UTC
  endTime: string;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  usage: Pick<Usage, "input" | "output" | "total">;
  cost: number | null;
  userId: string;
  sessionId: string;
  release: string;
  version: string;
  environment: string;
  tags: string[];
}

/** A span as the query API and the UI read it back. */
export interface SpanView {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKind;
  startTime: string;
  endTime: string;
  durationMs: number;
  status: SpanStatus;
  statusMessage: string;
  model: string | null;
  provider: string | null;
  usage: Usage;
  /** The span's usage repeats the model calls under it, so trace totals leave it out (docs/conventions.md, "Trace totals count leaves once"). */
  usageRollup: boolean;
  cost: number | null;
  modelParameters: Record<string, unknown>;
  input: unknown;
  output: unknown;
  documents: RetrievedDocument[];
  attributes: Record<string, unknown>;
  resourceAttributes: Record<string, unknown>;
  events: { name: string; time: string; attributes: Record<string, unknown> }[];
  mappedFrom: Record<string, string>;
  /** Evaluation results reported on the span (`gen_ai.evaluation.result` events). */
  evaluations: SpanEvaluation[];
  /** The prompt or template the span used, when the instrumentation named it. */
  prompt: SpanPrompt | null;
  serviceName: string;
}

export interface TraceDetail extends TraceSummary {
  spans: SpanView[];
}

export interface TracePage {
  data: TraceSummary[];
  nextCursor: string | null;
}
