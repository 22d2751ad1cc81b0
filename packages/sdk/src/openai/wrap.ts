import { Sightline } from "../client.js";
import type { AnySpanHandle } from "../handles.js";
import { chatCall } from "./chat.js";
import { responsesCall } from "./responses.js";
import type { CallRecorder } from "./recorder.js";

/** Options of {@link wrapOpenAI}. */
export interface WrapOpenAIOptions {
  /** The client to trace with. Default: the most recently created `Sightline`. */
  sightline?: Sightline;
  /** `sightline.provider` of every span. Default "openai" (set e.g. "azure.ai.openai" or "groq" for compatible APIs). */
  provider?: string;
  /** Merged into every span's metadata. */
  metadata?: Record<string, unknown>;
}

type Create = (params: Record<string, unknown>, requestOptions?: unknown) => unknown;

/**
 * Returns `client` with `chat.completions.create` and `responses.create` traced: each call
 * is a generation span (under the current span) with model, input messages, parameters,
 * output (text and tool calls), usage, finish reasons and errors. Streaming calls are
 * traced while you iterate: time to first token, the accumulated output, and usage from
 * the final chunk (pass `stream_options: { include_usage: true }` to get it for chat).
 * The client itself is untouched; the returned proxy behaves the same otherwise.
 *
 * @example
 * const openai = wrapOpenAI(new OpenAI(), { sightline });
 * await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });
 */
export function wrapOpenAI<T extends object>(client: T, options: WrapOpenAIOptions = {}): T {
  return proxyPath(client, [], options) as T;
}

/** The recorder of the `create` found at `path` (`client.chat.completions`, `client.responses`). */
function recorderAt(path: readonly string[]): CallRecorder | undefined {
  const joined = path.join(".");
  if (joined === "chat.completions") return chatCall;
  if (joined === "responses") return responsesCall;
  return undefined;
}

/** Proxies `target` and the objects on the way to a traced `create` (chat → completions, responses). */
function proxyPath(target: object, path: string[], options: WrapOpenAIOptions): object {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof property !== "string") return value;
      if (cache.has(property)) return cache.get(property);
      let wrapped: unknown = value;
      const recorder = recorderAt(path);
      if (property === "create" && recorder && typeof value === "function") {
        wrapped = tracedCreate((value as Create).bind(object), recorder, options);
      } else if (value && typeof value === "object" && path.length < 2 && (property === "chat" || property === "completions" || property === "responses")) {
        wrapped = proxyPath(value, [...path, property], options);
      } else {
        return value;
      }
      cache.set(property, wrapped);
      return wrapped;
    },
  });
}

interface ApiPromiseLike<T> extends PromiseLike<T> {
  _thenUnwrap?: <U>(transform: (data: T) => U) => PromiseLike<U>;
}

function tracedCreate(create: Create, recorder: CallRecorder, options: WrapOpenAIOptions): Create {
  return function create_(params, requestOptions) {
    const sightline = options.sightline ?? Sightline.latest();
    let span: AnySpanHandle | undefined;
    try {
      if (sightline && params && typeof params === "object") {
        span = sightline.startSpan(recorder.spanName, {
          kind: "generation",
          provider: options.provider ?? "openai",
          metadata: options.metadata,
          ...recorder.start(params),
        });
      }
    } catch {
      span = undefined; // tracing must never stop the call
    }
    if (!span) return create(params, requestOptions);
    const handle = span;
    let result: unknown;
    try {
      result = create(params, requestOptions);
    } catch (error) {
      failed(handle, error);
      throw error;
    }
    const streaming = params.stream === true;
    const onData = (data: unknown): unknown => {
      try {
        if (streaming) return recorder.observeStream(data, handle);
        recorder.finish(data, handle);
        handle.end();
      } catch {
        handle.end();
      }
      return data;
    };
    const promise = result as ApiPromiseLike<unknown>;
    if (!promise || typeof promise.then !== "function") return onData(result);
    // openai's APIPromise keeps .withResponse()/.asResponse() through _thenUnwrap, and parses
    // once per promise: we observe the very promise we return, so the body is read once.
    const observed = typeof promise._thenUnwrap === "function" ? promise._thenUnwrap(onData) : Promise.resolve(promise).then(onData);
    // Rejections end the span here; the caller still sees them unchanged on what we return.
    observed.then(undefined, (error: unknown) => failed(handle, error));
    return observed;
  };
}

function failed(span: AnySpanHandle, error: unknown): void {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number") span.setAttribute("http.response.status_code", status);
  span.setStatus("error", error instanceof Error ? error.message : String(error));
  if (error instanceof Error) span.setAttribute("error.type", errorType(error));
  span.end();
}

/** openai's errors keep `name` "Error"; their class name (NotFoundError, RateLimitError) says more. */
export function errorType(error: Error): string {
  const className = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return error.name === "Error" && typeof className === "string" && className !== "" ? className : error.name;
}
