import { SL } from "./attributes.js";
import { nowNanos } from "./clock.js";
import { newSpanId } from "./ids.js";
import { safeStringify } from "./json.js";
import type { OtlpKeyValue, OtlpSpan } from "./otlp.js";
import { otlpValue } from "./otlp.js";
import type { RetrievedDocument, SpanKind, SpanUpdate, TraceAttributes, Usage } from "./types.js";

/** State shared by the spans of one trace; trace attributes are read when spans are sent. */
export interface TraceState {
  traceId: string;
  attributes: TraceAttributes;
}

type Primitive = string | number | boolean | string[];

/** A live span. Update it until it ends; ending twice is a no-op. */
export class SpanHandle {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly kind: SpanKind;
  readonly name: string;
  /** @internal */ readonly trace: TraceState;
  private readonly startTime = nowNanos();
  private readonly fields: SpanUpdate = {};
  private readonly extra: Record<string, Primitive> = {};
  private status: { code: number; message?: string } = { code: 0 };
  private ended = false;

  /** @internal */
  constructor(
    trace: TraceState,
    name: string,
    kind: SpanKind,
    parentSpanId: string | undefined,
    private readonly onEnd: (span: SpanHandle) => void,
  ) {
    this.trace = trace;
    this.traceId = trace.traceId;
    this.spanId = newSpanId();
    this.parentSpanId = parentSpanId;
    this.name = name;
    this.kind = kind;
  }

  /** Sets or replaces fields (output, usage, cost, model, metadata, documents, …). */
  update(update: SpanUpdate): this {
    if (this.ended) return this;
    for (const [key, value] of Object.entries(update)) {
      if (value !== undefined) (this.fields as Record<string, unknown>)[key] = value;
    }
    return this;
  }

  setOutput(output: unknown): this {
    return this.update({ output });
  }

  setDocuments(documents: RetrievedDocument[]): this {
    return this.update({ documents });
  }

  /** An extra OTLP attribute, sent as is. */
  setAttribute(key: string, value: Primitive): this {
    this.extra[key] = value;
    return this;
  }

  /** Marks the span failed (status ERROR) with a message. */
  setError(error: unknown): this {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.status = { code: 2, message };
    return this;
  }

  /** Ends the span; it is queued for sending. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.endTime = nowNanos();
    if (this.status.code === 0) this.status = { code: 1 };
    this.freeze();
    this.onEnd(this);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private endTime = "";

  /** @internal Approximate encoded size in bytes, known once ended. */
  size = 0;
  private frozen: OtlpKeyValue[] = [];

  /** @internal Encodes the span's own fields once, when it ends (they can't change after). */
  private freeze(): void {
    const attrs: OtlpKeyValue[] = [];
    const put = (key: string, value: Primitive | undefined) => {
      if (value !== undefined && value !== "") attrs.push({ key, value: otlpValue(value) });
    };
    const json = (key: string, value: unknown) => {
      if (value !== undefined) put(key, safeStringify(value));
    };
    const f = this.fields;
    put(SL.kind, this.kind);
    json(SL.input, f.input);
    json(SL.output, f.output);
    put(SL.model, f.model);
    put(SL.provider, f.provider);
    json(SL.modelParameters, f.modelParameters);
    putUsage(put, f.usage);
    if (f.cost !== undefined && Number.isFinite(f.cost)) attrs.push({ key: SL.cost, value: { doubleValue: f.cost } });
    put(SL.retrievalQuery, f.query);
    json(SL.retrievalDocuments, f.documents);
    json(SL.metadata, f.metadata);
    for (const [key, value] of Object.entries(this.extra)) put(key, value);
    let size = 300 + this.name.length;
    for (const a of attrs) size += a.key.length + 40 + ("stringValue" in a.value ? a.value.stringValue.length : 0);
    this.frozen = attrs;
    this.size = size;
  }

  /** @internal The OTLP span, with the trace's attributes as they are now. */
  toOtlp(): OtlpSpan {
    const attrs = [...this.frozen];
    const t = this.trace.attributes;
    const put = (key: string, value: string | string[] | undefined) => {
      if (value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0)) attrs.push({ key, value: otlpValue(value) });
    };
    put(SL.userId, t.userId);
    put(SL.sessionId, t.sessionId);
    put(SL.release, t.release);
    put(SL.version, t.version);
    put(SL.environment, t.environment);
    put(SL.tags, t.tags);
    return {
      traceId: this.traceId,
      spanId: this.spanId,
      ...(this.parentSpanId ? { parentSpanId: this.parentSpanId } : {}),
      name: this.name,
      kind: this.kind === "generation" || this.kind === "retrieval" || this.kind === "embedding" ? 3 : 1,
      startTimeUnixNano: this.startTime,
      endTimeUnixNano: this.endTime,
      attributes: attrs,
      status: this.status,
    };
  }
}

function putUsage(put: (key: string, value: number | undefined) => void, usage: Usage | undefined) {
  if (!usage) return;
  const count = (n: number | undefined) => (n !== undefined && Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined);
  const input = count(usage.input);
  const output = count(usage.output);
  put(SL.usageInput, input);
  put(SL.usageOutput, output);
  put(SL.usageTotal, count(usage.total) ?? (input !== undefined || output !== undefined ? (input ?? 0) + (output ?? 0) : undefined));
  put(SL.usageCacheRead, count(usage.cacheRead));
  put(SL.usageReasoning, count(usage.reasoning));
}
