export { Sightline, type SightlineOptions, type StartSpanOptions } from "./client.js";
export { SpanHandle } from "./span.js";
export type {
  ChatMessage,
  GenerationAttributes,
  RetrievalAttributes,
  RetrievedDocument,
  SightlineStats,
  SpanAttributes,
  SpanKind,
  SpanUpdate,
  TraceAttributes,
  TraceOptions,
  Usage,
} from "./types.js";
