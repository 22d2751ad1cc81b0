import { Double, fitsInt64, type AttrValue } from "./attribute-value.js";
import type { Acceptance } from "./exporter.js";
import { readOtlpJsonAcceptance } from "./otlp-json.js";
import type { FinishedSpan } from "./finished-span.js";
import { ProtoWriter, readProtoFields } from "./proto-writer.js";
import { wireAttributes, type ExportOrigin } from "./span-attributes.js";

/*
 * OTLP/HTTP protobuf (opentelemetry-proto 1.x), hand-written: field numbers of
 * ExportTraceServiceRequest { 1 resource_spans }, ResourceSpans { 1 resource, 2 scope_spans },
 * Resource { 1 attributes }, ScopeSpans { 1 scope, 2 spans }, InstrumentationScope
 * { 1 name, 2 version }, Span { 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind,
 * 7 start_time_unix_nano, 8 end_time_unix_nano, 9 attributes, 11 events, 15 status },
 * Event { 1 time_unix_nano, 2 name, 3 attributes }, Status { 2 message, 3 code },
 * KeyValue { 1 key, 2 value }, AnyValue { 1 string, 2 bool, 3 int, 4 double, 5 array },
 * ArrayValue { 1 values }.
 */

function writeAnyValue(w: ProtoWriter, field: number, value: AttrValue): void {
  switch (typeof value) {
    case "string": {
      const m = w.begin(field);
      w.string(1, value);
      w.end(m);
      return;
    }
    case "boolean": {
      const m = w.begin(field);
      w.bool(2, value);
      w.end(m);
      return;
    }
    case "bigint": {
      const m = w.begin(field);
      if (fitsInt64(value)) w.int64(3, value);
      else w.string(1, value.toString());
      w.end(m);
      return;
    }
    case "number": {
      if (!Number.isFinite(value)) return;
      const m = w.begin(field);
      if (Number.isSafeInteger(value)) w.int64(3, value);
      else w.double(4, value);
      w.end(m);
      return;
    }
  }
  if (value instanceof Double) {
    if (!Number.isFinite(value.value)) return;
    const m = w.begin(field);
    w.double(4, value.value);
    w.end(m);
    return;
  }
  const m = w.begin(field);
  const array = w.begin(5);
  for (const item of value as ReadonlyArray<string | number | boolean>) writeAnyValue(w, 1, item);
  w.end(array);
  w.end(m);
}

function writeKeyValue(w: ProtoWriter, field: number, key: string, value: AttrValue): void {
  if (typeof value === "number" && !Number.isFinite(value)) return;
  if (value instanceof Double && !Number.isFinite(value.value)) return;
  const m = w.begin(field);
  w.string(1, key);
  writeAnyValue(w, 2, value);
  w.end(m);
}

function writeSpanAttribute(w: ProtoWriter, key: string, value: AttrValue): void {
  writeKeyValue(w, 9, key, value);
}

function writeSpan(w: ProtoWriter, span: FinishedSpan): void {
  const m = w.beginLarge(2);
  w.hexBytes(1, span.traceId);
  w.hexBytes(2, span.spanId);
  if (span.parentSpanId) w.hexBytes(4, span.parentSpanId);
  w.string(5, span.name);
  w.tag(6, 0);
  w.varint(1); // SPAN_KIND_INTERNAL
  w.fixed64NanosFromMicros(7, span.startUs);
  w.fixed64NanosFromMicros(8, span.endUs);
  wireAttributes(span, writeSpanAttribute, w);
  if (span.events) {
    for (const event of span.events) {
      const e = w.begin(11);
      w.fixed64NanosFromMicros(1, event.timeUs);
      w.string(2, event.name);
      for (const [key, value] of event.attributes) writeKeyValue(w, 3, key, value);
      w.end(e);
    }
  }
  const status = w.begin(15);
  if (span.statusMessage) w.string(2, span.statusMessage);
  w.tag(3, 0);
  w.varint(span.statusCode);
  w.end(status);
  w.end(m);
}

/**
 * Encoding buffers are reused: a body is a view of its writer's buffer, handed back with
 * {@link releaseTraceRequestProto} once its request is over (retries included), so a batch
 * allocates nothing in steady state. A few are kept (one per request in flight); one that
 * grew past 4 MiB is let go.
 */
const MAX_KEPT_WRITER_BYTES = 4 * 1024 * 1024;
const MAX_KEPT_WRITERS = 4;
const freeWriters: ProtoWriter[] = [];
const writerOf = new WeakMap<ArrayBufferLike, ProtoWriter>();

/** An OTLP protobuf ExportTraceServiceRequest body for one batch (valid until released). */
export function encodeTraceRequestProto(spans: readonly FinishedSpan[], origin: ExportOrigin): Uint8Array {
  const w = freeWriters.pop() ?? new ProtoWriter(256 * 1024);
  w.reset();
  const body = encodeInto(w, spans, origin);
  writerOf.set(body.buffer, w);
  return body;
}

/** Gives a body's buffer back for the next batch. */
export function releaseTraceRequestProto(body: string | Uint8Array): void {
  if (typeof body === "string") return;
  const w = writerOf.get(body.buffer);
  if (!w) return;
  writerOf.delete(body.buffer);
  if (freeWriters.length < MAX_KEPT_WRITERS && w.buf.length <= MAX_KEPT_WRITER_BYTES) freeWriters.push(w);
}

function encodeInto(w: ProtoWriter, spans: readonly FinishedSpan[], origin: ExportOrigin): Uint8Array {
  const resourceSpans = w.beginLarge(1);
  const resource = w.begin(1);
  for (const [key, value] of origin.resourceAttributes) writeKeyValue(w, 1, key, value);
  w.end(resource);
  const scopeSpans = w.beginLarge(2);
  const scope = w.begin(1);
  w.string(1, origin.scopeName);
  w.string(2, origin.scopeVersion);
  w.end(scope);
  for (const span of spans) writeSpan(w, span);
  w.end(scopeSpans);
  w.end(resourceSpans);
  return w.buf.subarray(0, w.pos);
}

const decoder = new TextDecoder();

/** Reads `partial_success` (field 1: { 1 rejected_spans, 2 error_message }) of an ExportTraceServiceResponse. */
export function readOtlpProtoAcceptance(body: Uint8Array): Acceptance {
  // A server may answer in JSON whatever we sent; a protobuf response never starts with "{".
  if (body[0] === 0x7b) return readOtlpJsonAcceptance(body);
  let rejected = 0;
  let message = "";
  readProtoFields(body, (field, wireType, value) => {
    if (field !== 1 || wireType !== 2) return;
    readProtoFields(value as Uint8Array, (inner, innerType, innerValue) => {
      if (inner === 1 && innerType === 0) rejected = innerValue as number;
      if (inner === 2 && innerType === 2) message = decoder.decode(innerValue as Uint8Array);
    });
  });
  return { rejected, message };
}

/** The `message` (field 2) of a protobuf google.rpc.Status error body. */
export function readProtoStatusMessage(body: Uint8Array): string | undefined {
  let message: string | undefined;
  readProtoFields(body, (field, wireType, value) => {
    if (field === 2 && wireType === 2) message = decoder.decode(value as Uint8Array);
  });
  return message;
}
