import { SPAN_KINDS, type SpanKind } from "../model/span";
import { asString } from "./values";

const CANONICAL = new Set<string>(SPAN_KINDS);

/** `sightline.span.kind`: already canonical. */
export function sightlineKind(v: unknown): SpanKind | undefined {
  const s = asString(v)?.toLowerCase();
  return s && CANONICAL.has(s) ? (s as SpanKind) : undefined;
}

const GEN_AI_OPERATIONS: Record<string, SpanKind> = {
  chat: "generation",
  text_completion: "generation",
  generate_content: "generation",
  embeddings: "embedding",
  retrieval: "retrieval",
  execute_tool: "tool",
  create_agent: "agent",
  invoke_agent: "agent",
  invoke_workflow: "chain",
};

const OPENINFERENCE_KINDS: Record<string, SpanKind> = {
  LLM: "generation",
  EMBEDDING: "embedding",
  CHAIN: "chain",
  RETRIEVER: "retrieval",
  RERANKER: "reranker",
  TOOL: "tool",
  AGENT: "agent",
  GUARDRAIL: "guardrail",
  EVALUATOR: "evaluator",
  PROMPT: "span",
};

const TRACELOOP_SPAN_KINDS: Record<string, SpanKind> = {
  workflow: "chain",
  task: "chain",
  agent: "agent",
  tool: "tool",
};

const LLM_REQUEST_TYPES: Record<string, SpanKind> = {
  chat: "generation",
  completion: "generation",
  embedding: "embedding",
  rerank: "reranker",
};

const LANGFUSE_OBSERVATION_TYPES: Record<string, SpanKind> = {
  span: "span",
  generation: "generation",
  event: "event",
  agent: "agent",
  tool: "tool",
  chain: "chain",
  retriever: "retrieval",
  evaluator: "evaluator",
  embedding: "embedding",
  guardrail: "guardrail",
};

function lookup(table: Record<string, SpanKind>, normalize: (s: string) => string) {
  return (v: unknown): SpanKind | undefined => {
    const s = asString(v);
    return s === undefined ? undefined : table[normalize(s.trim())];
  };
}

export const genAiOperationKind = lookup(GEN_AI_OPERATIONS, (s) => s.toLowerCase());
export const openInferenceKind = lookup(OPENINFERENCE_KINDS, (s) => s.toUpperCase());
export const traceloopSpanKind = lookup(TRACELOOP_SPAN_KINDS, (s) => s.toLowerCase());
export const llmRequestTypeKind = lookup(LLM_REQUEST_TYPES, (s) => s.toLowerCase());
export const langfuseObservationKind = lookup(LANGFUSE_OBSERVATION_TYPES, (s) => s.toLowerCase());
