/**
 * The universal entry (browsers, edge runtimes, workers, and the default): no Node module
 * is imported. Async context comes from a global AsyncLocalStorage when the runtime has one
 * (see context.ts); the "node" entry hands it over explicitly.
 */
export { Sightline, TRACES_PATH, type StartSpanOptions } from "./client.js";
export type { AnySpanHandle, GenerationHandle, RetrievalHandle, SpanHandle } from "./handles.js";
export { createTraceId } from "./ids.js";
export { MASK_FAILED_MARKER, type MaskFunction } from "./mask.js";
export type { ObserveOptions } from "./observe.js";
export { RELEASE_ENV_VARS, type SightlineOptions, type WireFormat } from "./options.js";
export type { FetchLike, RequestInitLike, ResponseLike } from "./transport.js";
export { SCORES_PATH } from "./scores.js";
export { formatTraceparent, parseTraceparent, type HeadersLike, type RemoteParent } from "./traceparent.js";
export {
  SightlineExportError,
  type AttributeValue,
  type ChatMessage,
  type CommonSpanOptions,
  type DeliveryStats,
  type GenerationOptions,
  type GenerationUpdate,
  type Level,
  type ParentRef,
  type RetrievalOptions,
  type RetrievalUpdate,
  type RetrievedDocument,
  type ScoreDataType,
  type ScoreInput,
  type SightlineStats,
  type SpanKind,
  type SpanOptions,
  type SpanUpdate,
  type TraceAttributes,
  type TraceOptions,
  type Usage,
} from "./types.js";
export { SDK_VERSION } from "./version.js";
