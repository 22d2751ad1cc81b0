export * from "./model/span";
export * from "./model/trace";
export * from "./model/trace-filter";
export * from "./model/sightline-attributes";
export * from "./model/score";

// OTLP wire formats
export { decodeTraceRequest, DEFAULT_MAX_OTLP_BODY_BYTES, type DecodeOptions, type OtlpFormat } from "./otlp/decode";
export {
  encodeRpcStatus,
  encodeTraceRequest,
  encodeTraceResponse,
  OTLP_CONTENT_TYPES,
  type EncodedBody,
  type PartialSuccess,
  type RpcStatus,
  type SpanInput,
  type TraceRequestInput,
} from "./otlp/encode";
export { OtlpDecodeError } from "./otlp/errors";
export { checkExportEnvelope, type OtlpSignal } from "./otlp/envelope";
export { decodeExportResponse, decodeRpcStatus, type DecodedRpcStatus, type ExportResponse } from "./otlp/decode-response";
export {
  MAX_ANY_VALUE_DEPTH,
  NESTING_LIMIT_MARKER,
  type AttributeMap,
  type AttributeValue,
  type OtlpEvent,
  type OtlpLink,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  type OtlpTraceRequest,
} from "./otlp/types";

// Validation and convention mapping
export { describeRejections, mapTraceRequest, type MapOptions, type MapResult } from "./mapping/map-request";
export { DEFAULT_MAPPING_LIMITS, type MappingLimits } from "./mapping/limits";
export { MAPPING_TABLE, type MappedField, type MappingRule } from "./mapping/rules";
export { TRUNCATION_MARKER } from "./mapping/truncate";

// Cost: built-in price table, model-name matching, computed cost
export { BUILTIN_MODEL_PRICES } from "./cost/builtin-prices";
export { applyComputedCosts, COMPUTED_COST_SOURCE, computeCost, hasBillableUsage } from "./cost/compute-cost";
export {
  MAX_PATTERN_LENGTH,
  MAX_PRICE_PER_MILLION,
  modelPriceOverrideSchema,
  PRICE_MATCH_TYPES,
  regexProblem,
  type CostUsage,
  type ModelPrice,
  type ModelPriceOverrideInput,
  type PriceMatchType,
} from "./cost/model-price";
export { normalizeModelName } from "./cost/normalize-model";
export { builtinPriceMatcher, createPriceMatcher, projectMatcher, type PriceMatcher } from "./cost/price-matcher";
