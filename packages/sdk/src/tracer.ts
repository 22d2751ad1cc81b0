import type { ContextStore } from "./context.js";
import type { FinishedSpan } from "./finished-span.js";
import { newSpanId, newTraceId } from "./ids.js";
import { LiveSpan, type SpanHost } from "./live-span.js";
import { TraceState } from "./trace-state.js";
import type { GenerationUpdate, RetrievalUpdate, SpanKind, TraceAttributes } from "./types.js";

type SpanInit = GenerationUpdate & RetrievalUpdate;

/** Creates spans, keeps the current one in context, and runs callbacks inside them. */
export class Tracer implements SpanHost {
  constructor(
    private readonly context: ContextStore<LiveSpan>,
    private readonly sink: (span: FinishedSpan) => void,
    private readonly traceDefaults: Pick<TraceAttributes, "release" | "version" | "environment">,
  ) {}

  current(): LiveSpan | undefined {
    const span = this.context.get();
    return span && !span.ended ? span : undefined;
  }

  /** A new span under `parent`, or the root of a new trace when there is no parent. */
  start(name: string, kind: SpanKind, parent: LiveSpan | undefined, traceAttributes?: TraceAttributes): LiveSpan {
    const spanId = newSpanId();
    let trace = parent?.trace;
    if (!trace) {
      trace = new TraceState(newTraceId(), spanId, this.traceDefaults);
    }
    if (traceAttributes) trace.apply(traceAttributes);
    return new LiveSpan(this, trace, spanId, parent?.spanId, String(name), kind);
  }

  /**
   * Runs `fn(span)` with `span` current, ends the span when `fn` returns or its promise
   * settles, records a throw or rejection as the span's error, and passes the result or
   * the error through unchanged.
   */
  run<T, S extends LiveSpan>(span: S, fn: (span: S) => T): T {
    let result: T;
    try {
      result = this.context.run(span, () => fn(span));
    } catch (error) {
      span.recordError(error);
      span.end();
      throw error;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          span.recordError(error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  }

  runChild<T>(parent: LiveSpan | undefined, name: string, kind: SpanKind, fn: (span: LiveSpan) => T, init: SpanInit): T {
    const span = this.start(name, kind, parent);
    span.update(init);
    return this.run(span, fn);
  }

  ended(span: FinishedSpan): void {
    this.sink(span);
  }
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}
