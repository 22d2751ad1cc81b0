import { EXTRA, SL } from "./attribute-keys.js";
import { attributeBound, Double, estimateAttributeBytes, isJsonBytes, type JsonBytes, type AttrValue } from "./attribute-value.js";
import { isTraceKey } from "./span-attributes.js";
import { nowMicros } from "./clock.js";
import { hexOfWords } from "./ids.js";
import type { FinishedEvent, FinishedSpan, StatusCode } from "./finished-span.js";
import type { GenerationHandle, RetrievalHandle, SpanHandle } from "./handles.js";
import { applyMask, type MaskFunction } from "./mask.js";
import { safeStringify } from "./safe-json.js";
import { formatTraceparent } from "./traceparent.js";
import type { TraceState } from "./trace-state.js";
import type {
  AttributeValue,
  GenerationOptions,
  GenerationUpdate,
  Level,
  RetrievalOptions,
  RetrievalUpdate,
  RetrievedDocument,
  SpanKind,
  SpanOptions,
  TraceAttributes,
  Usage,
} from "./types.js";

export type SpanInit = GenerationUpdate & RetrievalUpdate;

/** Where JSON values can be kept as UTF-8 bytes instead of strings (the protobuf encoder). */
export interface JsonStore {
  writeJson(value: unknown): JsonBytes | undefined;
  releaseJson(value: JsonBytes): void;
}

/** What a live span needs from the tracer that made it (kept as an interface to avoid an import cycle). */
export interface SpanHost {
  runChild<T>(parent: LiveSpan, name: string, kind: SpanKind, fn: (span: LiveSpan) => T, init: SpanInit | undefined): T;
  startChild(parent: LiveSpan, name: string, kind: SpanKind, init: SpanInit | undefined): LiveSpan;
  ended(span: LiveSpan): void;
  readonly mask: MaskFunction | undefined;
  readonly json: JsonStore | undefined;
}

const LEVELS: ReadonlySet<string> = new Set(["DEBUG", "DEFAULT", "WARNING", "ERROR"]);
const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(["string", "number", "boolean", "bigint"]);

/** Fixed encoded overhead of a span besides its attributes (ids, times, status, punctuation). */
const SPAN_OVERHEAD_BYTES = 260;

/**
 * The one implementation behind every handle type. Once ended, the same object is what
 * waits in the queue (it is its own {@link FinishedSpan}: no copy per span).
 */
export class LiveSpan implements SpanHandle, GenerationHandle, RetrievalHandle, FinishedSpan {
  readonly startUs = nowMicros();
  /**
   * Set by end(). NaN until then rather than 0: a double from the start, as it will be. A
   * small integer first would make the first end() change the field's representation and
   * retire the class's hidden class, and optimized code that saw the retired one (span
   * creation, ending, encoding, the queue) would be thrown away at the next full GC.
   */
  endUs = Number.NaN;
  /** Created on the first attribute: many spans (a tool, a step) carry none besides their kind. */
  attributes: Map<string, AttrValue> | undefined;
  /** Running estimate of the attributes' encoded size (kept on set, so end() needs no pass). */
  private attributeBytes = 0;
  /** Kept on set for the protobuf encoder: an upper bound of the attributes' size, and how many are JSON bytes or `sightline.trace.*`. */
  attributeBound = 0;
  jsonAttributes = 0;
  traceKeyedAttributes = 0;
  events: FinishedEvent[] | undefined;
  statusCode: StatusCode = 1;
  statusMessage = "";
  estimatedBytes = 0;
  private statusSet = false;
  private metadata: Record<string, unknown> | undefined;
  private level: Level | undefined;
  private isEnded = false;

  constructor(
    private readonly host: SpanHost,
    readonly trace: TraceState,
    readonly name: string,
    readonly kind: SpanKind,
    /** The span id and the parent's as big-endian 32-bit words (int32); hex only on demand. */
    readonly idHi: number,
    readonly idLo: number,
    readonly parentHi: number,
    readonly parentLo: number,
    private readonly hasParent: boolean,
    /** The parent's hex when it was given (a remote parent); else made when first asked for. */
    private parentHex: string | undefined,
  ) {}

  private spanIdHex: string | undefined;

  /** 16 lowercase hex characters. */
  get spanId(): string {
    return (this.spanIdHex ??= hexOfWords(this.idHi, this.idLo));
  }

  /** undefined for a root span. */
  get parentSpanId(): string | undefined {
    if (!this.hasParent) return undefined;
    return (this.parentHex ??= hexOfWords(this.parentHi, this.parentLo));
  }

  get traceId(): string {
    return this.trace.traceId;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  update(update: GenerationUpdate & RetrievalUpdate): this {
    // A sampled-out trace is never sent: skip the serialisation work.
    if (this.isEnded || !this.trace.sampled || !update || typeof update !== "object") return this;
    if (update.input !== undefined) this.setMaskedJson(SL.input, update.input);
    if (update.output !== undefined) this.setMaskedJson(SL.output, update.output);
    if (update.metadata && typeof update.metadata === "object") this.metadata = this.metadata ? { ...this.metadata, ...update.metadata } : update.metadata;
    if (update.model !== undefined) this.set(SL.model, String(update.model));
    if (update.provider !== undefined) this.set(SL.provider, String(update.provider));
    if (update.modelParameters !== undefined) this.setJson(SL.modelParameters, update.modelParameters);
    if (update.usage && typeof update.usage === "object") this.setUsage(update.usage);
    if (typeof update.cost === "number" && Number.isFinite(update.cost) && update.cost >= 0) {
      this.set(SL.cost, new Double(update.cost));
    }
    if (update.query !== undefined) this.setQuery(update.query);
    if (update.documents !== undefined) this.setDocuments(update.documents);
    if (update.completionStartTime !== undefined) this.setCompletionStart(Number(update.completionStartTime) * 1000);
    if (update.level !== undefined) this.setLevel(update.level);
    if (update.status === "ok" || update.status === "error") this.setStatus(update.status, update.statusMessage);
    else if (update.statusMessage !== undefined) this.statusMessage = String(update.statusMessage);
    return this;
  }

  setOutput(output: unknown): this {
    if (!this.isEnded && this.trace.sampled) this.setMaskedJson(SL.output, output);
    return this;
  }

  setDocuments(documents: RetrievedDocument[]): this {
    if (!this.isEnded && this.trace.sampled) this.setMaskedJson(SL.retrievalDocuments, Array.isArray(documents) ? documents : []);
    return this;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.isEnded || typeof key !== "string" || key === "") return this;
    if (PRIMITIVE_TYPES.has(typeof value)) this.set(key, value);
    else if (Array.isArray(value)) this.set(key, value.filter((v) => PRIMITIVE_TYPES.has(typeof v) && typeof v !== "bigint"));
    return this;
  }

  setStatus(status: "ok" | "error", message?: string): this {
    if (this.isEnded) return this;
    this.statusCode = status === "error" ? 2 : 1;
    this.statusSet = true;
    this.statusMessage = message === undefined ? "" : String(message);
    return this;
  }

  setLevel(level: Level): this {
    if (this.isEnded || !LEVELS.has(level)) return this;
    this.level = level;
    this.set(EXTRA.level, level);
    return this;
  }

  markCompletionStart(): this {
    if (!this.isEnded && !this.attributes?.has(EXTRA.timeToFirstChunk)) this.setCompletionStart(nowMicros());
    return this;
  }

  addEvent(name: string, attributes?: Record<string, AttributeValue>): this {
    if (this.isEnded) return this;
    const list: Array<[string, AttrValue]> = [];
    if (attributes && typeof attributes === "object") {
      for (const [key, value] of Object.entries(attributes)) if (PRIMITIVE_TYPES.has(typeof value) || Array.isArray(value)) list.push([key, value]);
    }
    (this.events ??= []).push({ name: String(name), timeUs: nowMicros(), attributes: list });
    return this;
  }

  /** Marks the span failed with the error's message (the callback helpers call this). */
  recordError(error: unknown): void {
    if (this.isEnded) return;
    const isError = error instanceof Error;
    this.setStatus("error", isError ? error.message : safeMessage(error));
    if (isError) this.set(EXTRA.errorType, error.name);
  }

  updateTrace(attributes: TraceAttributes): this {
    this.trace.apply(attributes, this.host.mask);
    return this;
  }

  setTraceAttributes(attributes: TraceAttributes): this {
    return this.updateTrace(attributes);
  }

  getTraceparent(): string {
    return formatTraceparent(this.trace.traceId, this.spanId, this.trace.sampled);
  }

  span<T>(name: string, fn: (span: SpanHandle) => T, options?: SpanOptions): T {
    return this.host.runChild(this, name, options?.kind ?? "span", fn, options);
  }

  generation<T>(name: string, fn: (generation: GenerationHandle) => T, options?: GenerationOptions): T {
    return this.host.runChild(this, name, "generation", fn, options);
  }

  retrieval<T>(name: string, fn: (retrieval: RetrievalHandle) => T, options?: RetrievalOptions): T {
    return this.host.runChild(this, name, "retrieval", fn, options);
  }

  embedding<T>(name: string, fn: (embedding: GenerationHandle) => T, options?: GenerationOptions): T {
    return this.host.runChild(this, name, "embedding", fn, options);
  }

  tool<T>(name: string, fn: (tool: SpanHandle) => T, options?: SpanOptions): T {
    return this.host.runChild(this, name, "tool", fn, options);
  }

  agent<T>(name: string, fn: (agent: SpanHandle) => T, options?: SpanOptions): T {
    return this.host.runChild(this, name, "agent", fn, options);
  }

  event(name: string, options?: SpanOptions): void {
    this.host.startChild(this, name, "event", options).end();
  }

  end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    if (this.metadata) this.setJsonString(SL.metadata, this.metadata); // read back when merged with the trace's
    if (this.level === "ERROR" && !this.statusSet) this.statusCode = 2;
    this.endUs = this.kind === "event" ? this.startUs : Math.max(this.startUs, nowMicros()); // an event is a point in time
    let estimatedBytes = SPAN_OVERHEAD_BYTES + this.name.length + this.trace.attributesBytes() + this.attributeBytes;
    if (this.events) for (const event of this.events) estimatedBytes += 60 + event.name.length + event.attributes.length * 60;
    this.estimatedBytes = estimatedBytes;
    this.host.ended(this);
  }

  private set(key: string, value: AttrValue): void {
    const attributes = (this.attributes ??= new Map());
    const previous = attributes.get(key);
    const traceKeyed = isTraceKey(key);
    if (previous !== undefined) {
      this.attributeBytes -= estimateAttributeBytes(key, previous);
      this.attributeBound -= attributeBound(key, previous);
      if (traceKeyed) this.traceKeyedAttributes--;
      if (isJsonBytes(previous)) {
        this.jsonAttributes--;
        this.host.json?.releaseJson(previous);
      }
    }
    attributes.set(key, value);
    this.attributeBytes += estimateAttributeBytes(key, value);
    this.attributeBound += attributeBound(key, value);
    if (traceKeyed) this.traceKeyedAttributes++;
    if (isJsonBytes(value)) this.jsonAttributes++;
  }

  private setCompletionStart(atUs: number): void {
    if (!Number.isFinite(atUs)) return;
    this.set(EXTRA.timeToFirstChunk, new Double(Math.max(0, atUs - this.startUs) / 1_000_000));
    (this.events ??= []).push({ name: EXTRA.completionStartEvent, timeUs: Math.round(atUs), attributes: [] });
  }

  /** The query is a retrieval's input: masked like one. */
  private setQuery(query: unknown): void {
    const masked = applyMask(this.host.mask, String(query));
    const text = typeof masked === "string" ? masked : safeStringify(masked);
    if (text !== undefined) this.set(SL.retrievalQuery, text);
  }

  /** Inputs and outputs pass through the app's mask before anything else sees them. */
  private setMaskedJson(key: string, value: unknown): void {
    this.setJson(key, applyMask(this.host.mask, value));
  }

  /** JSON text of `value`: as bytes in the encoder's memory when it is plain data and the format is protobuf, else a string. */
  private setJson(key: string, value: unknown): void {
    const bytes = this.host.json?.writeJson(value);
    if (bytes) this.set(key, bytes);
    else this.setJsonString(key, value);
  }

  private setJsonString(key: string, value: unknown): void {
    const json = safeStringify(value);
    if (json !== undefined) this.set(key, json);
  }

  /** Named reads rather than a loop over the keys: a keyed read with a changing key is a megamorphic lookup each time. */
  private setUsage(usage: Usage): void {
    this.setCount(SL.usageInput, usage.input);
    this.setCount(SL.usageOutput, usage.output);
    this.setCount(SL.usageTotal, usage.total);
    this.setCount(SL.usageCacheRead, usage.cacheRead);
    this.setCount(SL.usageReasoning, usage.reasoning);
  }

  private setCount(key: string, count: unknown): void {
    if (typeof count === "number" && Number.isFinite(count) && count >= 0) this.set(key, Math.round(count));
  }
}

function safeMessage(error: unknown): string {
  if (typeof error === "string") return error;
  return safeStringify(error) ?? String(error);
}
