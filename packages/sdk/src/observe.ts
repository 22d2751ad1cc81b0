import type { Tracer } from "./tracer.js";
import type { ParentRef, SpanKind } from "./types.js";

/** Options of {@link Sightline.observe}. */
export interface ObserveOptions {
  /** Span kind. Default "span". */
  kind?: SpanKind;
  /** Span name. Default: the function's name (or "anonymous"). */
  name?: string;
  /** Record the arguments as input (one argument as itself, several as an array). Default true. */
  captureInput?: boolean;
  /** Record the return value (or resolved value) as output. Default true. */
  captureOutput?: boolean;
  /** Parent for every call, when async context does not carry one. */
  parent?: ParentRef;
}

/** Wraps `fn` so each call runs in its own span, nested under whatever span is current at the call. */
export function observe<A extends unknown[], R>(tracer: Tracer, fn: (...args: A) => R, options: ObserveOptions = {}): (...args: A) => R {
  const name = options.name ?? (fn.name || "anonymous");
  const kind = options.kind ?? "span";
  const captureInput = options.captureInput !== false;
  const captureOutput = options.captureOutput !== false;
  return function observed(this: unknown, ...args: A): R {
    const parent = options.parent ?? tracer.current();
    const span = tracer.startChild(parent, name, kind, captureInput ? { input: args.length === 1 ? args[0] : args } : {});
    return tracer.run(span, () => {
      const result = fn.apply(this, args);
      if (!captureOutput) return result;
      if (typeof (result as { then?: unknown } | null)?.then === "function") {
        return (result as PromiseLike<unknown>).then((value) => {
          span.setOutput(value);
          return value;
        }) as R;
      }
      span.setOutput(result);
      return result;
    });
  };
}
