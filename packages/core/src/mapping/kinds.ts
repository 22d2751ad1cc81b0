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
  // Seen in the wild: the Vercel AI SDK 7's step span, OpenLIT's vector database calls.
  agent_step: "chain",
  vectordb: "retrieval",
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

/**
 * Vercel AI SDK `ai.operationId`: the outer call (`ai.generateText`, `ai.streamText`, …) wraps
 * its steps, tool calls and model calls, so it is a chain; `….doGenerate` / `….doStream` are the
 * model calls, `….doEmbed` the embedding calls, `ai.toolCall` the tool executions.
 */
export function vercelOperationKind(v: unknown): SpanKind | undefined {
  const id = asString(v);
  if (id === undefined || !id.startsWith("ai.")) return undefined;
  if (id.endsWith(".doGenerate") || id.endsWith(".doStream")) return "generation";
  if (id.endsWith(".doEmbed")) return "embedding";
  if (id === "ai.toolCall") return "tool";
  return VERCEL_WRAPPER_OPERATIONS.has(id) ? "chain" : undefined;
}

/** Vercel AI SDK operations whose span repeats the usage of the model calls under it. */
export const VERCEL_WRAPPER_OPERATIONS = new Set([
  "ai.generateText",
  "ai.streamText",
  "ai.generateObject",
  "ai.streamObject",
  "ai.embed",
  "ai.embedMany",
]);
