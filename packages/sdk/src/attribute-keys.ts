/**
 * The `sightline.*` attribute keys the server's mapper reads. A copy of
 * packages/core/src/model/sightline-attributes.ts: the SDK has zero runtime dependencies,
 * so it keeps its own strings; a test checks that the server maps what we send.
 */
export const SL = {
  kind: "sightline.span.kind",
  input: "sightline.input",
  output: "sightline.output",
  model: "sightline.model",
  provider: "sightline.provider",
  modelParameters: "sightline.model.parameters",
  usageInput: "sightline.usage.input",
  usageOutput: "sightline.usage.output",
  usageTotal: "sightline.usage.total",
  usageCacheRead: "sightline.usage.cache_read",
  usageReasoning: "sightline.usage.reasoning",
  cost: "sightline.cost",
  retrievalQuery: "sightline.retrieval.query",
  retrievalDocuments: "sightline.retrieval.documents",
  userId: "sightline.trace.user_id",
  sessionId: "sightline.trace.session_id",
  release: "sightline.trace.release",
  version: "sightline.trace.version",
  environment: "sightline.trace.environment",
  tags: "sightline.trace.tags",
  metadata: "sightline.metadata",
} as const;

/**
 * Keys the SDK sends that the server keeps as raw attributes (or maps through a standard
 * convention): the level of a span, and the time to first token in OTel GenAI's name.
 */
export const EXTRA = {
  level: "sightline.level",
  timeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  completionStartEvent: "gen_ai.completion_start",
  errorType: "error.type",
} as const;
