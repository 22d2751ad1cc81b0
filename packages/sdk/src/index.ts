export { Sightline, TRACES_PATH, type StartSpanOptions } from "./client.js";
export type { GenerationHandle, RetrievalHandle, SpanHandle } from "./handles.js";
export type { SightlineOptions } from "./options.js";
export type { FetchLike } from "./exporter.js";
export {
  SightlineExportError,
  type AttributeValue,
  type ChatMessage,
  type GenerationOptions,
  type GenerationUpdate,
  type RetrievalOptions,
  type RetrievalUpdate,
  type RetrievedDocument,
  type SightlineStats,
  type SpanKind,
  type SpanOptions,
  type SpanUpdate,
  type TraceAttributes,
  type TraceOptions,
  type Usage,
} from "./types.js";
export { SDK_VERSION } from "./version.js";
