/**
 * The `sightline.*` span attributes our SDK emits (OTLP attribute keys). The SDK keeps
 * its own copy of these strings (it has zero dependencies); the mapper reads them here.
 * JSON values travel as JSON strings; numbers as int/double AnyValues.
 */
export const SL = {
  kind: "sightline.span.kind", // SpanKind
  input: "sightline.input", // JSON string: chat messages [{role, content}] or any value
  output: "sightline.output", // JSON string
  model: "sightline.model",
  provider: "sightline.provider",
  modelParameters: "sightline.model.parameters", // JSON string object
  usageInput: "sightline.usage.input",
  usageOutput: "sightline.usage.output",
  usageTotal: "sightline.usage.total",
  usageCacheRead: "sightline.usage.cache_read",
  usageReasoning: "sightline.usage.reasoning",
  cost: "sightline.cost", // USD, double
  retrievalQuery: "sightline.retrieval.query",
  retrievalDocuments: "sightline.retrieval.documents", // JSON string: [{id, content, score, metadata}]
  userId: "sightline.trace.user_id",
  sessionId: "sightline.trace.session_id",
  release: "sightline.trace.release",
  version: "sightline.trace.version",
  environment: "sightline.trace.environment",
  tags: "sightline.trace.tags", // string array
  metadata: "sightline.metadata", // JSON string object
} as const;
