import { SL } from "./attribute-keys.js";
import { hexOfWords } from "./ids.js";
import { estimateAttributeBytes, type AttrValue } from "./attribute-value.js";
import { applyMask, type MaskFunction } from "./mask.js";
import type { ByteView } from "./proto-writer.js";
import { safeStringify } from "./safe-json.js";
import type { TraceAttributes } from "./types.js";

/** Shared by traces without metadata (never written: apply() replaces it with a new object). */
const NO_METADATA: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/**
 * The mutable trace-level attributes of one trace, shared by all its spans. Spans read it
 * when they are encoded for sending, so `updateTrace` reaches every span not yet sent.
 */
export class TraceState {
  private userId: string | undefined;
  private sessionId: string | undefined;
  private release: string | undefined;
  private version: string | undefined;
  private environment: string | undefined;
  /** Created with the first tag or metadata: most traces have none. */
  private tags: string[] | undefined;
  /** Metadata and input given at trace level; they are sent on the root span. */
  private metadata: Record<string, unknown> = NO_METADATA;
  /** JSON text of the trace-level input (a snapshot taken when it was given). */
  rootInputJson: string | undefined;
  private cached: Array<[string, AttrValue]> | undefined;
  private cachedBytes = 0;

  /** Spans of this trace started in this process and not yet ended (for the tracer's registry). */
  liveSpans = 0;

  /**
   * Bumped by every {@link apply}: a span encoded when it ended carries its trace's
   * attributes as of that revision, and its trailing attributes are written again at send
   * time if they changed since.
   */
  revision = 0;
  /** The protobuf encoder's copy of {@link attributes} (bytes protoStart to protoEnd of protoSlab), encoded as of {@link protoRevision}. */
  protoSlab: ByteView | undefined;
  protoStart = 0;
  protoEnd = 0;
  protoRevision = -1;

  /** The tracer's list of traces with open spans (see Tracer). */
  linked = false;
  olderLive: TraceState | undefined;
  newerLive: TraceState | undefined;

  constructor(
    /** The trace id's hex when it was given; else made from the words when first asked for. */
    private traceIdHex: string | undefined,
    /** The trace id as four big-endian 32-bit words (int32). */
    readonly idW0: number,
    readonly idW1: number,
    readonly idW2: number,
    readonly idW3: number,
    /** The first span of the trace in this process (it carries trace-level input and metadata), as words. */
    readonly rootHi: number,
    readonly rootLo: number,
    defaults: Pick<TraceAttributes, "release" | "version" | "environment">,
    /** Whether the trace is kept (sampling is decided once per trace). */
    readonly sampled: boolean,
  ) {
    this.release = defaults.release;
    this.version = defaults.version;
    this.environment = defaults.environment;
  }

  /** 32 lowercase hex characters. */
  get traceId(): string {
    return (this.traceIdHex ??= hexOfWords(this.idW0, this.idW1, this.idW2, this.idW3));
  }

  /** Whether `span` is the first span of this trace in this process. */
  isRoot(span: { readonly idHi: number; readonly idLo: number }): boolean {
    return span.idHi === this.rootHi && span.idLo === this.rootLo;
  }

  apply(attrs: TraceAttributes, mask?: MaskFunction): void {
    if (!attrs || typeof attrs !== "object") return;
    if (attrs.userId !== undefined) this.userId = String(attrs.userId);
    if (attrs.sessionId !== undefined) this.sessionId = String(attrs.sessionId);
    if (attrs.release !== undefined) this.release = String(attrs.release);
    if (attrs.version !== undefined) this.version = String(attrs.version);
    if (attrs.environment !== undefined) this.environment = String(attrs.environment);
    if (Array.isArray(attrs.tags)) {
      const tags = (this.tags ??= []);
      for (const tag of attrs.tags) if (!tags.includes(String(tag))) tags.push(String(tag));
    }
    if (attrs.metadata && typeof attrs.metadata === "object") this.metadata = { ...this.metadata, ...attrs.metadata };
    if (attrs.input !== undefined) this.rootInputJson = safeStringify(applyMask(mask, attrs.input));
    this.cached = undefined;
    this.revision++;
  }

  /** Trace-level metadata, merged under the root span's own metadata when it is sent. */
  rootMetadata(): Record<string, unknown> {
    return this.metadata;
  }

  /** The attributes sent on every span of this trace. */
  attributes(): ReadonlyArray<[string, AttrValue]> {
    if (!this.cached) {
      const list: Array<[string, AttrValue]> = [];
      if (this.userId !== undefined) list.push([SL.userId, this.userId]);
      if (this.sessionId !== undefined) list.push([SL.sessionId, this.sessionId]);
      if (this.release !== undefined) list.push([SL.release, this.release]);
      if (this.version !== undefined) list.push([SL.version, this.version]);
      if (this.environment !== undefined) list.push([SL.environment, this.environment]);
      if (this.tags && this.tags.length > 0) list.push([SL.tags, [...this.tags]]);
      this.cached = list;
      this.cachedBytes = list.reduce((sum, [k, v]) => sum + estimateAttributeBytes(k, v), 0);
    }
    return this.cached;
  }

  /** Estimated OTLP/JSON size of {@link attributes}. */
  attributesBytes(): number {
    this.attributes();
    return this.cachedBytes;
  }
}
