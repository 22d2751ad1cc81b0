import { fitsInt64, isDouble, isJsonBytes, JsonBytes, valueBound, type AttrValue, type ByteStore } from "./attribute-value.js";
import { writeJson } from "./json-writer.js";
import type { Acceptance } from "./exporter.js";
import { readOtlpJsonAcceptance } from "./otlp-json.js";
import type { FinishedSpan } from "./finished-span.js";
import { SL } from "./attribute-keys.js";
import { byteViewOf, ProtoWriter, readProtoFields, utf8TargetOver, varintSize, type ByteView, type Utf8Target } from "./proto-writer.js";
import { isTraceKey, mergedRootMetadata, type ExportOrigin } from "./span-attributes.js";
import { TraceState } from "./trace-state.js";

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
  if (isDouble(value)) {
    if (!Number.isFinite(value.value)) return;
    const m = w.begin(field);
    w.double(4, value.value);
    w.end(m);
    return;
  }
  if (isJsonBytes(value)) {
    const m = w.begin(field);
    w.tag(1, 2);
    w.varint(value.length);
    const source = value.store.buf;
    if (source === w.buf) {
      // The same chunk (the value was written there before the span ended): a native move.
      w.ensure(value.length);
      source.copyWithin(w.pos, value.start, value.end);
      w.pos += value.length;
    } else w.raw(source, value.start, value.end);
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
  if (isDouble(value) && !Number.isFinite(value.value)) return;
  const m = w.begin(field);
  w.string(1, key);
  writeAnyValue(w, 2, value);
  w.end(m);
}

/** OTLP Span.kind INTERNAL (field 6) and Status with code only (field 15), pre-encoded. */
const KIND_INTERNAL = 1;

/** A `sightline.span.kind` attribute (field 9), encoded once per kind. */
const kindAttributes = new Map<string, ByteView>();
function kindAttribute(kind: string): ByteView {
  let bytes = kindAttributes.get(kind);
  if (!bytes) {
    const w = new ProtoWriter(64 + kind.length * 3);
    writeKeyValue(w, 9, SL.kind, kind);
    bytes = byteViewOf(w.buf.subarray(0, w.pos));
    if (kindAttributes.size < 64) kindAttributes.set(kind, bytes);
  }
  return bytes;
}

const NO_BYTES = new Uint8Array(0);
const NO_BYTE_VIEW: ByteView = byteViewOf(NO_BYTES);

const traceScratch = new ProtoWriter(1024);
const TRACE_SLAB_BYTES = 64 * 1024;
/**
 * Encoded trace attributes are bump-allocated out of shared slabs: one small array per
 * trace would be an ArrayBuffer per trace for the GC to track. A full slab is left to the
 * traces that point into it (and collected with them); a new one takes over.
 */
let traceSlab: ByteView = byteViewOf(new Uint8Array(TRACE_SLAB_BYTES));
let traceSlabUsed = 0;

/**
 * Makes sure `trace.protoSlab[protoStart, protoEnd)` holds the trace's attributes encoded as
 * span attributes (field 9), as of its current revision: every span of the trace carries
 * them, so they are copied rather than encoded again. Returns their length.
 */
function traceAttributeBytes(trace: TraceState): number {
  if (trace.protoRevision !== trace.revision) {
    const list = trace.attributes();
    let slab = NO_BYTE_VIEW;
    let start = 0;
    let length = 0;
    if (list.length > 0) {
      const w = traceScratch;
      w.reset();
      for (let i = 0; i < list.length; i++) writeKeyValue(w, 9, list[i]![0], list[i]![1]);
      length = w.pos;
      if (length > TRACE_SLAB_BYTES / 4) {
        slab = byteViewOf(w.buf.subarray(0, length));
      } else {
        if (traceSlabUsed + length > TRACE_SLAB_BYTES) {
          traceSlab = byteViewOf(new Uint8Array(TRACE_SLAB_BYTES));
          traceSlabUsed = 0;
        }
        slab = traceSlab;
        start = traceSlabUsed;
        for (let i = 0; i < length; i++) slab.buf[start + i] = w.buf[i]!;
        traceSlabUsed += length;
      }
    }
    trace.protoSlab = slab;
    trace.protoStart = start;
    trace.protoEnd = start + length;
    trace.protoRevision = trace.revision;
  }
  return trace.protoEnd - trace.protoStart;
}

/**
 * What a queued span needs besides its bytes to be written again should its trace's
 * attributes change after it ended: only root spans and spans that set `sightline.trace.*`
 * attributes themselves have one.
 */
interface SpanTail {
  readonly root: boolean;
  /** The root span's own metadata (merged over the trace's when sent). */
  readonly ownMetadata: AttrValue | undefined;
  readonly hasOwnInput: boolean;
  /** `sightline.trace.*` attributes the span set itself: sent only when its trace has none. */
  readonly traceKeyed: Array<[string, AttrValue]> | undefined;
}

/** Writes the trailing attributes of a span: its trace's (as they are now), then a root span's trace input and (merged) metadata. */
function writeTail(w: ProtoWriter, trace: TraceState, tail: SpanTail | undefined, metadata: string | undefined): void {
  if (traceAttributeBytes(trace) > 0) w.rawWords(trace.protoSlab!, trace.protoStart, trace.protoEnd);
  else if (tail?.traceKeyed) for (const [key, value] of tail.traceKeyed) writeKeyValue(w, 9, key, value);
  if (tail?.root) {
    if (!tail.hasOwnInput && trace.rootInputJson !== undefined) writeKeyValue(w, 9, SL.input, trace.rootInputJson);
    if (metadata !== undefined) writeKeyValue(w, 9, SL.metadata, metadata);
  }
}


/** A slab of the span queue: ended spans are encoded straight into it, back to back. */
class Chunk implements ByteStore {
  readonly view: DataView;
  readonly utf8: Utf8Target | undefined;
  used = 0;
  /** Spans in this chunk still queued (not yet copied into a request, nor dropped). */
  pending = 0;
  constructor(
    readonly buf: Uint8Array,
    /** Whether it returns to the pool once empty (a span too large for a chunk gets one of its own, which does not). */
    readonly pooled: boolean,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.utf8 = utf8TargetOver(buf);
  }
}

const CHUNK_BYTES = 128 * 1024;
const MAX_KEPT_SCRATCH_BYTES = 1024 * 1024;
const MAX_FREE_CHUNKS = 16;

/**
 * An ended span, already encoded as an OTLP `Span` (with its length prefix, ready to be
 * copied into a request) in a chunk of its encoder's memory. The queue holds these
 * instead of the spans themselves: a span's objects and strings are garbage as soon as it
 * ends, and sending a batch is mostly a copy of consecutive bytes.
 */
export class EncodedSpan {
  constructor(
    readonly chunk: Chunk,
    /** The whole record: field tag, length, span. */
    readonly start: number,
    readonly end: number,
    /** The span's own fields (everything but the trailing trace attributes). */
    readonly ownStart: number,
    readonly ownEnd: number,
    readonly trace: TraceState,
    /** The trace's revision the trailing attributes were written from. */
    readonly revision: number,
    readonly tail: SpanTail | undefined,
    readonly estimatedBytes: number,
  ) {}
}

// State of the own-attribute pass (Map.forEach with a module-level callback: no closure per span).
let scanBound = 0;
let scanRoot = false;
let scanHasInput = false;
let scanOwnMetadata: AttrValue | undefined;
let scanTraceKeyed: Array<[string, AttrValue]> | undefined;
let scanHasJson = false;
let releasingEncoder: ProtoSpanEncoder | undefined;
let writeTarget: ProtoWriter | undefined;

function scanAttribute(value: AttrValue, key: string): void {
  if (isJsonBytes(value)) scanHasJson = true;
  if (isTraceKey(key)) {
    (scanTraceKeyed ??= []).push([key, value]);
    scanBound += 24 + key.length * 3 + valueBound(value);
    return;
  }
  if (key === SL.input) scanHasInput = true;
  else if (key === SL.metadata && scanRoot) {
    scanOwnMetadata = value;
    return;
  }
  scanBound += 24 + key.length * 3 + valueBound(value);
}

function releaseJsonValue(value: AttrValue): void {
  if (isJsonBytes(value)) releasingEncoder!.releaseJson(value);
}

function writeOwnAttribute(value: AttrValue, key: string): void {
  if (key === SL.kind || isTraceKey(key) || (scanRoot && key === SL.metadata)) return;
  writeKeyValue(writeTarget!, 9, key, value);
}

/**
 * Encodes each span when it ends into pooled chunks of memory (see {@link EncodedSpan}),
 * and assembles batches of them into OTLP/protobuf request bodies.
 */
export class ProtoSpanEncoder {
  private current: Chunk | undefined;
  private readonly free: Chunk[] = [];
  private readonly writer = new ProtoWriter(16);
  private jsonScratch = new ProtoWriter(16 * 1024);
  private writingJson = false;
  /**
   * An encoded span and a JSON value that are never used, kept so that their hidden classes
   * live as long as the encoder: V8 holds a hidden class only through live objects of it,
   * and once every span was sent a full GC would drop it together with all optimized code
   * that had seen it (see Tracer's shapeAnchor).
   */
  private readonly shapeAnchors: [EncodedSpan, JsonBytes];

  constructor() {
    const chunk = new Chunk(NO_BYTES, false);
    const trace = new TraceState(undefined, 0, 0, 0, 1, 0, 1, {}, false);
    this.shapeAnchors = [new EncodedSpan(chunk, 0, 0, 0, 0, trace, 0, undefined, 0), new JsonBytes(chunk, 0, 0)];
  }

  /** Encodes an ended span (its trace's attributes as they are now; see {@link encodeBatch}). */
  encode(span: FinishedSpan): EncodedSpan {
    const trace = span.trace;
    const root = trace.isRoot(span);
    scanBound = 0;
    scanRoot = root;
    scanHasInput = false;
    scanOwnMetadata = undefined;
    scanTraceKeyed = undefined;
    scanHasJson = false;
    if (span.traceKeyedAttributes > 0) span.attributes?.forEach(scanAttribute);
    else {
      // The live span kept the bound and counts as its attributes were set: no pass needed.
      scanBound = span.attributeBound;
      scanHasJson = span.jsonAttributes > 0;
      if (root && span.attributes) {
        scanHasInput = span.attributes.has(SL.input);
        scanOwnMetadata = span.attributes.get(SL.metadata);
      }
    }
    const hasJson = scanHasJson;
    const tail: SpanTail | undefined =
      root || scanTraceKeyed ? { root, ownMetadata: scanOwnMetadata, hasOwnInput: scanHasInput, traceKeyed: scanTraceKeyed } : undefined;
    const kind = kindAttribute(span.kind);
    let bound = 96 + scanBound + span.name.length * 3 + span.statusMessage.length * 3 + kind.buf.length + traceAttributeBytes(trace);
    if (span.events) {
      for (const event of span.events) {
        bound += 32 + event.name.length * 3;
        for (const [key, value] of event.attributes) bound += 24 + key.length * 3 + valueBound(value);
      }
    }
    const metadata = root ? mergedRootMetadata(scanOwnMetadata, trace) : undefined;
    if (root) {
      if (!scanHasInput && trace.rootInputJson !== undefined) bound += 64 + trace.rootInputJson.length * 3;
      if (metadata !== undefined) bound += 64 + metadata.length * 3;
    }

    const chunk = this.reserve(bound);
    const w = this.writer;
    w.attach(chunk.buf, chunk.view, chunk.used, chunk.utf8);
    const start = chunk.used;
    const reserved = varintSize(bound);
    const mark = w.beginReserved(2, reserved);
    const ownStart = w.pos;
    w.id128(1, trace.idW0, trace.idW1, trace.idW2, trace.idW3);
    w.id64(2, span.idHi, span.idLo);
    if ((span.parentHi | span.parentLo) !== 0) w.id64(4, span.parentHi, span.parentLo); // a valid id is never all zero
    w.string(5, span.name);
    w.tag(6, 0);
    w.varint(KIND_INTERNAL);
    w.fixed64NanosFromMicros(7, span.startUs);
    w.fixed64NanosFromMicros(8, span.endUs);
    w.rawWords(kind, 0, kind.buf.length);
    writeTarget = w;
    span.attributes?.forEach(writeOwnAttribute);
    writeTarget = undefined;
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
    let ownEnd = w.pos;
    writeTail(w, trace, tail, metadata);
    const bodyLength = w.pos - mark - reserved;
    w.endReserved(mark, reserved);
    const shift = reserved - varintSize(bodyLength); // the body moved left if its length took fewer bytes
    ownEnd -= shift;
    const end = w.pos;
    const written = w.buf;
    w.attach(NO_BYTES, EMPTY_VIEW, 0);
    let record: Chunk = chunk;
    let offset = 0;
    if (written === chunk.buf) chunk.used = end;
    else {
      // The bound fell short and the writer moved to a buffer of its own (it should not
      // happen): the record goes to a chunk of its own rather than past this one's end.
      record = new Chunk(written.slice(start, end), false);
      offset = start;
    }
    record.pending++;
    if (hasJson) {
      // The values' bytes are in the span now: their memory can go.
      releasingEncoder = this;
      span.attributes?.forEach(releaseJsonValue);
      releasingEncoder = undefined;
    }
    return new EncodedSpan(record, start - offset, end - offset, ownStart - shift - offset, ownEnd - offset, trace, trace.revision, tail, span.estimatedBytes);
  }

  /**
   * An ExportTraceServiceRequest body for a batch of encoded spans, valid until given back
   * with {@link releaseTraceRequestProto}. Spans whose trace is unchanged since they ended
   * are copied as they are (consecutive ones in one go); the others get their trailing
   * trace attributes written anew. The spans' chunk memory is released.
   */
  encodeBatch(spans: readonly EncodedSpan[], origin: ExportOrigin): Uint8Array {
    // Sized for the whole batch up front (spans written again at send time may still grow
    // it): growing by doubling would allocate and copy a fresh writer's buffer several times.
    let bytes = BATCH_HEADER_BYTES;
    for (let i = 0; i < spans.length; i++) bytes += spans[i]!.end - spans[i]!.start;
    const w = freeWriters.pop() ?? new ProtoWriter(bytes);
    w.reset();
    w.ensure(bytes);
    const scopeSpans = writeHeader(w, origin);
    let runChunk: Chunk | undefined;
    let runStart = 0;
    let runEnd = 0;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      if (span.revision === span.trace.revision) {
        if (span.chunk === runChunk && span.start === runEnd) {
          runEnd = span.end;
          continue;
        }
        if (runChunk) w.raw(runChunk.buf, runStart, runEnd);
        runChunk = span.chunk;
        runStart = span.start;
        runEnd = span.end;
        continue;
      }
      if (runChunk) w.raw(runChunk.buf, runStart, runEnd);
      runChunk = undefined;
      const m = w.beginLarge(2);
      w.raw(span.chunk.buf, span.ownStart, span.ownEnd);
      writeTail(w, span.trace, span.tail, span.tail?.root ? mergedRootMetadata(span.tail.ownMetadata, span.trace) : undefined);
      w.end(m);
    }
    if (runChunk) w.raw(runChunk.buf, runStart, runEnd);
    for (let i = 0; i < spans.length; i++) this.release(spans[i]!);
    return finishBody(w, scopeSpans);
  }

  /**
   * The JSON text of `value` as UTF-8 bytes in this encoder's memory (see json-writer.ts),
   * kept by a live span in place of a string until it ends; undefined when `value` is not
   * plain data (the caller then uses JSON.stringify).
   */
  writeJson(value: unknown): JsonBytes | undefined {
    if (this.writingJson) return undefined; // a getter of the value started a span of its own: let it stringify
    const scratch = this.jsonScratch;
    scratch.reset();
    this.writingJson = true;
    let plain: boolean;
    try {
      plain = writeJson(scratch, value);
    } catch {
      plain = false; // a throwing getter: JSON.stringify's path reports it
    } finally {
      this.writingJson = false;
    }
    if (!plain) return undefined;
    const length = scratch.pos;
    const chunk = this.reserve(length);
    const start = chunk.used;
    if (length <= 64) for (let i = 0; i < length; i++) chunk.buf[start + i] = scratch.buf[i]!;
    else chunk.buf.set(scratch.buf.subarray(0, length), start);
    chunk.used = start + length;
    chunk.pending++;
    if (scratch.buf.length > MAX_KEPT_SCRATCH_BYTES) this.jsonScratch = new ProtoWriter(16 * 1024);
    return new JsonBytes(chunk, start, start + length);
  }

  /** Gives back the memory of a JSON value (once copied into its span, or replaced by a newer value). */
  releaseJson(value: JsonBytes): void {
    this.releaseChunk(value.store as Chunk);
  }

  /** Gives a span's memory back without sending it (dropped from a full queue, or after shutdown). */
  release(span: EncodedSpan): void {
    this.releaseChunk(span.chunk);
  }

  private releaseChunk(chunk: Chunk): void {
    if (--chunk.pending > 0) return;
    if (chunk === this.current) chunk.used = 0; // empty again: start over at its beginning
    else this.recycle(chunk);
  }

  private reserve(bound: number): Chunk {
    const current = this.current;
    if (current && current.used + bound <= current.buf.length) return current;
    if (bound > CHUNK_BYTES) return new Chunk(new Uint8Array(bound), false);
    if (current) {
      this.current = undefined;
      if (current.pending === 0) this.recycle(current);
    }
    const next = this.free.pop() ?? new Chunk(new Uint8Array(CHUNK_BYTES), true);
    next.used = 0;
    this.current = next;
    return next;
  }

  private recycle(chunk: Chunk): void {
    if (chunk.pooled && this.free.length < MAX_FREE_CHUNKS) {
      chunk.used = 0;
      this.free.push(chunk);
    }
  }
}

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));

/**
 * Encoding buffers are reused: a body is a view of its writer's buffer, handed back with
 * {@link releaseTraceRequestProto} once its request is over (retries included), so a batch
 * allocates nothing in steady state. A few are kept (one per request in flight); one that
 * grew past 4 MiB is let go.
 */
const MAX_KEPT_WRITER_BYTES = 4 * 1024 * 1024;
/** Room for a request's resource, scope and framing besides its spans. */
const BATCH_HEADER_BYTES = 4096;
const MAX_KEPT_WRITERS = 4;
const freeWriters: ProtoWriter[] = [];
const writerOf = new WeakMap<ArrayBufferLike, ProtoWriter>();

/** An OTLP protobuf ExportTraceServiceRequest body for spans not encoded yet (valid until released). */
export function encodeTraceRequestProto(spans: readonly FinishedSpan[], origin: ExportOrigin): Uint8Array {
  const encoder = new ProtoSpanEncoder();
  return encoder.encodeBatch(
    spans.map((span) => encoder.encode(span)),
    origin,
  );
}

/** Gives a body's buffer back for the next batch. */
export function releaseTraceRequestProto(body: string | Uint8Array): void {
  if (typeof body === "string") return;
  const w = writerOf.get(body.buffer);
  if (!w) return;
  writerOf.delete(body.buffer);
  if (freeWriters.length < MAX_KEPT_WRITERS && w.buf.length <= MAX_KEPT_WRITER_BYTES) freeWriters.push(w);
}

/** Resource and scope, and the opening of the ScopeSpans message; returns the marks {@link finishBody} closes. */
function writeHeader(w: ProtoWriter, origin: ExportOrigin): [number, number] {
  const resourceSpans = w.beginLarge(1);
  const resource = w.begin(1);
  for (const [key, value] of origin.resourceAttributes) writeKeyValue(w, 1, key, value);
  w.end(resource);
  const scopeSpans = w.beginLarge(2);
  const scope = w.begin(1);
  w.string(1, origin.scopeName);
  w.string(2, origin.scopeVersion);
  w.end(scope);
  return [resourceSpans, scopeSpans];
}

function finishBody(w: ProtoWriter, [resourceSpans, scopeSpans]: [number, number]): Uint8Array {
  w.end(scopeSpans);
  w.end(resourceSpans);
  const body = w.buf.subarray(0, w.pos);
  writerOf.set(body.buffer, w);
  return body;
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
