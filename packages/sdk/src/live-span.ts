import { SL } from "./attribute-keys.js";
import { Double, type AttrValue } from "./attribute-value.js";
import { estimateAttributeBytes } from "./attribute-value.js";
import { nowUnixNano } from "./clock.js";
import type { FinishedSpan, StatusCode } from "./finished-span.js";
import type { GenerationHandle, RetrievalHandle, SpanHandle } from "./handles.js";
import { safeStringify } from "./safe-json.js";
import type { TraceState } from "./trace-state.js";
import type {
  AttributeValue,
  GenerationOptions,
  GenerationUpdate,
  RetrievalOptions,
  RetrievalUpdate,
  RetrievedDocument,
  SpanKind,
  SpanOptions,
  TraceAttributes,
  Usage,
} from "./types.js";

/** What a live span needs from the tracer that made it (kept as an interface to avoid an import cycle). */
export interface SpanHost {
  runChild<T>(parent: LiveSpan, name: string, kind: SpanKind, fn: (span: LiveSpan) => T, init: GenerationUpdate & RetrievalUpdate): T;
  ended(span: FinishedSpan): void;
}

const USAGE_KEYS: ReadonlyArray<[keyof Usage, string]> = [
  ["input", SL.usageInput],
  ["output", SL.usageOutput],
  ["total", SL.usageTotal],
  ["cacheRead", SL.usageCacheRead],
  ["reasoning", SL.usageReasoning],
];

/** Fixed OTLP/JSON overhead of a span besides its attributes (ids, times, status, punctuation). */
const SPAN_OVERHEAD_BYTES = 260;

/** The one implementation behind every handle type. */
export class LiveSpan implements SpanHandle, GenerationHandle, RetrievalHandle {
  readonly startTimeUnixNano = nowUnixNano();
  private readonly attributes = new Map<string, AttrValue>();
  private metadata: Record<string, unknown> | undefined;
  private statusCode: StatusCode | undefined;
  private statusMessage = "";
  private isEnded = false;

  constructor(
    private readonly host: SpanHost,
    readonly trace: TraceState,
    readonly spanId: string,
    readonly parentSpanId: string | undefined,
    readonly name: string,
    readonly kind: SpanKind,
  ) {
    this.attributes.set(SL.kind, kind);
  }

  get traceId(): string {
    return this.trace.traceId;
  }

  get ended(): boolean {
    return this.isEnded;
  }

  update(update: GenerationUpdate & RetrievalUpdate): this {
    if (this.isEnded || !update || typeof update !== "object") return this;
    if (update.input !== undefined) this.setJson(SL.input, update.input);
    if (update.output !== undefined) this.setJson(SL.output, update.output);
    if (update.metadata && typeof update.metadata === "object") this.metadata = { ...this.metadata, ...update.metadata };
    if (update.model !== undefined) this.attributes.set(SL.model, String(update.model));
    if (update.provider !== undefined) this.attributes.set(SL.provider, String(update.provider));
    if (update.modelParameters !== undefined) this.setJson(SL.modelParameters, update.modelParameters);
    if (update.usage && typeof update.usage === "object") this.setUsage(update.usage);
    if (typeof update.cost === "number" && Number.isFinite(update.cost) && update.cost >= 0) {
      this.attributes.set(SL.cost, new Double(update.cost));
    }
    if (update.query !== undefined) this.attributes.set(SL.retrievalQuery, String(update.query));
    if (update.documents !== undefined) this.setDocuments(update.documents);
    return this;
  }

  setOutput(output: unknown): this {
    if (!this.isEnded) this.setJson(SL.output, output);
    return this;
  }

  setDocuments(documents: RetrievedDocument[]): this {
    if (!this.isEnded) this.setJson(SL.retrievalDocuments, Array.isArray(documents) ? documents : []);
    return this;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.isEnded || typeof key !== "string" || key === "") return this;
    if (["string", "number", "boolean", "bigint"].includes(typeof value)) this.attributes.set(key, value);
    else if (Array.isArray(value)) this.attributes.set(key, value.filter((v) => ["string", "number", "boolean"].includes(typeof v)));
    return this;
  }

  setStatus(status: "ok" | "error", message?: string): this {
    if (this.isEnded) return this;
    this.statusCode = status === "error" ? 2 : 1;
    this.statusMessage = message === undefined ? "" : String(message);
    return this;
  }

  /** Marks the span failed with the error's message (the callback helpers call this). */
  recordError(error: unknown): void {
    if (this.isEnded) return;
    const isError = error instanceof Error;
    this.setStatus("error", isError ? error.message : safeMessage(error));
    if (isError) this.attributes.set("error.type", error.name);
  }

  updateTrace(attributes: TraceAttributes): this {
    this.trace.apply(attributes);
    return this;
  }

  span<T>(name: string, fn: (span: SpanHandle) => T, options?: SpanOptions): T {
    return this.host.runChild(this, name, options?.kind ?? "span", fn, options ?? {});
  }

  generation<T>(name: string, fn: (generation: GenerationHandle) => T, options?: GenerationOptions): T {
    return this.host.runChild(this, name, "generation", fn, options ?? {});
  }

  retrieval<T>(name: string, fn: (retrieval: RetrievalHandle) => T, options?: RetrievalOptions): T {
    return this.host.runChild(this, name, "retrieval", fn, options ?? {});
  }

  end(): void {
    if (this.isEnded) return;
    this.isEnded = true;
    if (this.metadata) this.setJson(SL.metadata, this.metadata);
    let estimatedBytes = SPAN_OVERHEAD_BYTES + this.name.length + this.trace.attributesBytes();
    for (const [key, value] of this.attributes) estimatedBytes += estimateAttributeBytes(key, value);
    this.host.ended({
      traceId: this.trace.traceId,
      spanId: this.spanId,
      parentSpanId: this.parentSpanId ?? "",
      name: this.name,
      startTimeUnixNano: this.startTimeUnixNano,
      endTimeUnixNano: nowUnixNano(),
      statusCode: this.statusCode ?? 1,
      statusMessage: this.statusMessage,
      attributes: this.attributes,
      trace: this.trace,
      estimatedBytes,
    });
  }

  private setJson(key: string, value: unknown): void {
    const json = safeStringify(value);
    if (json !== undefined) this.attributes.set(key, json);
  }

  private setUsage(usage: Usage): void {
    for (const [field, key] of USAGE_KEYS) {
      const count = usage[field];
      if (typeof count === "number" && Number.isFinite(count) && count >= 0) this.attributes.set(key, Math.round(count));
    }
  }
}

function safeMessage(error: unknown): string {
  if (typeof error === "string") return error;
  return safeStringify(error) ?? String(error);
}
