import type { ContextStore } from "./context.js";
import type { FinishedSpan } from "./finished-span.js";
import { hexWord, idWords, isSpanId, isTraceId, newIdWords } from "./ids.js";
import { LiveSpan, type JsonStore, type SpanHost, type SpanInit } from "./live-span.js";
import type { MaskFunction } from "./mask.js";
import { isSampledWord } from "./sampling.js";
import { TraceState } from "./trace-state.js";
import type { ParentRef, SpanKind, TraceAttributes } from "./types.js";

/** Most traces remembered by id for explicit `{ traceId, spanId }` parents; spans never ended must not grow it forever. */
const MAX_REMEMBERED_TRACES = 10_000;

export interface TracerConfig {
  traceDefaults: Pick<TraceAttributes, "release" | "version" | "environment">;
  sampleRate: number;
  mask: MaskFunction | undefined;
  /** Queues an ended span of a sampled trace. */
  sink: (span: FinishedSpan) => void;
  /** Counts a span of a trace sampled out. */
  sampledOut: () => void;
  /** serverless mode: awaited after a local root span ends, before its callback's promise settles. */
  afterRootEnds: (() => Promise<void>) | undefined;
  /** Keeps inputs and outputs as UTF-8 bytes (protobuf), or undefined: as strings. */
  json?: JsonStore;
}

/** A parent as the tracer sees it: a live span here, or ids (and maybe a sampled flag) from elsewhere. */
export type ParentLike = LiveSpan | (ParentRef & { sampled?: boolean });

/** Creates spans, keeps the current one in context, and runs callbacks inside them. */
export class Tracer implements SpanHost {
  /**
   * Traces with spans still open in this process, so a `{ traceId, spanId }` parent joins
   * its trace state: a doubly linked list through the trace states, oldest first. Adding
   * and removing (once per trace) cost two pointers; finding one by id (only for explicit
   * ids) walks the list from the newest, which a Map keyed by id would make cheaper at the
   * price of hashing and rehashing on every trace.
   */
  private newestLive: TraceState | undefined;
  private oldestLive: TraceState | undefined;
  private liveCount = 0;
  readonly mask: MaskFunction | undefined;
  readonly json: JsonStore | undefined;
  /**
   * A span and a trace state that are never used, kept so that their hidden classes live as
   * long as the tracer. V8 holds an object's hidden class only through live objects of that
   * class (the transition that leads to it is weak): once every span was sent, a full GC
   * (an idle process's, say) would drop it, and with it all optimized code that had seen
   * it, so the next spans would run unoptimized until V8 compiled it all again.
   */
  private readonly shapeAnchor: LiveSpan;

  constructor(
    private readonly context: ContextStore<LiveSpan>,
    private readonly config: TracerConfig,
  ) {
    this.mask = config.mask;
    this.json = config.json;
    this.shapeAnchor = new LiveSpan(this, new TraceState(undefined, 0, 0, 0, 1, 0, 1, config.traceDefaults, false), "", "span", 0, 1, 0, 0, false, undefined);
  }

  current(): LiveSpan | undefined {
    const span = this.context.get();
    return span && !span.ended ? span : undefined;
  }

  /**
   * A new span under `parent`, or the root of a new trace when there is none (with
   * `traceId` when one is given and valid). Invalid parent ids start a new trace.
   */
  start(name: string, kind: SpanKind, parent: ParentLike | undefined, traceAttributes?: TraceAttributes, traceId?: string): LiveSpan {
    newIdWords(2);
    const idHi = idWords[0]!;
    const idLo = idWords[1]!;
    let trace: TraceState;
    let parentHi = 0;
    let parentLo = 0;
    let hasParent = false;
    let parentHex: string | undefined;
    if (parent instanceof LiveSpan) {
      trace = parent.trace;
      parentHi = parent.idHi;
      parentLo = parent.idLo;
      hasParent = true;
    } else if (parent && isTraceId(parent.traceId) && isSpanId(parent.spanId)) {
      trace = this.liveTrace(parent.traceId) ?? this.newTrace(parent.traceId, idHi, idLo, parent.sampled !== false);
      parentHex = parent.spanId;
      parentHi = hexWord(parentHex, 0);
      parentLo = hexWord(parentHex, 8);
      hasParent = true;
    } else {
      trace = this.newTrace(isTraceId(traceId) ? traceId : undefined, idHi, idLo, true);
    }
    if (traceAttributes) trace.apply(traceAttributes, this.mask);
    if (trace.liveSpans++ === 0) this.remember(trace);
    return new LiveSpan(this, trace, String(name), kind, idHi, idLo, parentHi, parentLo, hasParent, parentHex);
  }

  /**
   * Runs `fn(span)` with `span` current, ends the span when `fn` returns or its promise
   * settles, records a throw or rejection as the span's error, and passes the result or
   * the error through unchanged.
   */
  run<T, S extends LiveSpan>(span: S, fn: (span: S) => T): T {
    let result: T;
    try {
      result = this.context.run(span, fn, span);
    } catch (error) {
      span.recordError(error);
      span.end();
      throw error;
    }
    if (isPromiseLike(result)) {
      const after = span.trace.isRoot(span) ? this.config.afterRootEnds : undefined;
      return result.then(
        (value) => {
          span.end();
          return after ? after().then(() => value) : value;
        },
        (error: unknown) => {
          span.recordError(error);
          span.end();
          if (after) return after().then(() => Promise.reject(error));
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  }

  runChild<T>(parent: ParentLike | undefined, name: string, kind: SpanKind, fn: (span: LiveSpan) => T, init: SpanInit | undefined): T {
    return this.run(this.startChild(parent, name, kind, init), fn);
  }

  /** A child span with `init` applied; no options (undefined) skip update() and its dozen property reads. */
  startChild(parent: ParentLike | undefined, name: string, kind: SpanKind, init: SpanInit | undefined): LiveSpan {
    const span = this.start(name, kind, parent);
    if (init) span.update(init);
    return span;
  }

  /** Runs `fn` with `span` current without ending it (for `observe` on generators and streams). */
  withCurrent<T>(span: LiveSpan, fn: () => T): T {
    return this.context.run(span, callNoArgs<T>, fn);
  }

  ended(span: LiveSpan): void {
    const trace = span.trace;
    if (--trace.liveSpans <= 0 && trace.linked) this.forget(trace);
    if (trace.sampled) this.config.sink(span);
    else this.config.sampledOut();
  }

  /** The trace state of a trace with open spans in this process, for `setTraceAttributes` by id. */
  liveTrace(traceId: string): TraceState | undefined {
    for (let trace = this.newestLive; trace; trace = trace.olderLive) if (trace.traceId === traceId) return trace;
    return undefined;
  }

  /** A new trace with the given id (hex), or a random one; its first span here has the id rootHi/rootLo. */
  private newTrace(traceId: string | undefined, rootHi: number, rootLo: number, parentSampled: boolean): TraceState {
    let w0: number, w1: number, w2: number, w3: number;
    if (traceId === undefined) {
      newIdWords(4);
      [w0, w1, w2, w3] = [idWords[0]!, idWords[1]!, idWords[2]!, idWords[3]!];
    } else {
      [w0, w1, w2, w3] = [hexWord(traceId, 0), hexWord(traceId, 8), hexWord(traceId, 16), hexWord(traceId, 24)];
    }
    const sampled = parentSampled && isSampledWord(w0, this.config.sampleRate);
    return new TraceState(traceId, w0, w1, w2, w3, rootHi, rootLo, this.config.traceDefaults, sampled);
  }

  private remember(trace: TraceState): void {
    if (trace.linked) return;
    trace.linked = true;
    trace.olderLive = this.newestLive;
    trace.newerLive = undefined;
    if (this.newestLive) this.newestLive.newerLive = trace;
    else this.oldestLive = trace;
    this.newestLive = trace;
    if (++this.liveCount > MAX_REMEMBERED_TRACES && this.oldestLive) this.forget(this.oldestLive);
  }

  private forget(trace: TraceState): void {
    const { olderLive, newerLive } = trace;
    if (olderLive) olderLive.newerLive = newerLive;
    else this.oldestLive = newerLive;
    if (newerLive) newerLive.olderLive = olderLive;
    else this.newestLive = olderLive;
    trace.olderLive = trace.newerLive = undefined;
    trace.linked = false;
    this.liveCount--;
  }
}

function callNoArgs<T>(fn: () => T): T {
  return fn();
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
