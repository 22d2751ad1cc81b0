import type { AnySpanHandle } from "../handles.js";
import type { StartSpanOptions } from "../client.js";
import type { Usage } from "../types.js";

/** How one OpenAI endpoint is recorded. */
export interface CallRecorder {
  spanName: string;
  /** Span fields known before the call (model, input, parameters). */
  start(params: Record<string, unknown>): StartSpanOptions;
  /** Records a complete (non-streamed) response. */
  finish(response: unknown, span: AnySpanHandle): void;
  /** Returns the stream, observed: records while the caller iterates and ends the span when iteration stops. */
  observeStream(stream: unknown, span: AnySpanHandle): unknown;
}

export type Json = Record<string, unknown>;
export const asObject = (value: unknown): Json | undefined => (value && typeof value === "object" ? (value as Json) : undefined);
const count = (value: unknown): number | undefined => (typeof value === "number" && Number.isFinite(value) ? value : undefined);

/** Request parameters other than the ones recorded elsewhere (model, input, stream flags, tools). */
export function modelParameters(params: Json, exclude: readonly string[]): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(params)) if (!exclude.includes(key) && value !== undefined) out[key] = value;
  return out;
}

/** OpenAI usage (chat's prompt/completion or responses' input/output naming) → Sightline usage. */
export function usageOf(raw: unknown): Usage | undefined {
  const usage = asObject(raw);
  if (!usage) return undefined;
  const inputDetails = asObject(usage.prompt_tokens_details) ?? asObject(usage.input_tokens_details);
  const outputDetails = asObject(usage.completion_tokens_details) ?? asObject(usage.output_tokens_details);
  return {
    input: count(usage.prompt_tokens) ?? count(usage.input_tokens),
    output: count(usage.completion_tokens) ?? count(usage.output_tokens),
    total: count(usage.total_tokens),
    cacheRead: count(inputDetails?.cached_tokens),
    reasoning: count(outputDetails?.reasoning_tokens),
  };
}

/**
 * Replaces the stream's async iterator (on the instance, so the stream's own methods and
 * private state stay intact) with one that reports each item, then the end or the error.
 */
export function observeAsyncIterable(stream: unknown, onItem: (item: unknown) => void, onEnd: (error: unknown) => void): unknown {
  const iterable = stream as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> } | null;
  if (!iterable || typeof iterable[Symbol.asyncIterator] !== "function") {
    onEnd(undefined);
    return stream;
  }
  const original: () => AsyncIterator<unknown> = iterable[Symbol.asyncIterator]!.bind(iterable);
  const source: AsyncIterable<unknown> = { [Symbol.asyncIterator]: original };
  Object.defineProperty(iterable, Symbol.asyncIterator, {
    configurable: true,
    writable: true,
    value: async function* observed() {
      let failure: unknown;
      try {
        for await (const item of source) {
          try {
            onItem(item);
          } catch {
            // recording must never break the caller's stream
          }
          yield item;
        }
      } catch (error) {
        failure = error ?? new Error("stream failed");
        throw error;
      } finally {
        onEnd(failure);
      }
    },
  });
  return stream;
}

/** Ends a streamed span: an error if iteration failed, else whatever was recorded. */
export function endStream(span: AnySpanHandle, error: unknown, record: () => void): void {
  try {
    if (error !== undefined) {
      span.setStatus("error", error instanceof Error ? error.message : String(error));
      if (error instanceof Error) span.setAttribute("error.type", error.name === "Error" ? (error.constructor?.name ?? error.name) : error.name);
    }
    record();
  } finally {
    span.end();
  }
}
