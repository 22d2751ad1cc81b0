/**
 * Which span is current. In Node (and edge runtimes that provide it) this is an
 * AsyncLocalStorage, so the current span follows `await`, `Promise.all` and timers. It is
 * obtained without a static import of a Node module, so the same entry loads in a browser,
 * where the fallback keeps the current span only during the synchronous part of a callback
 * (pass a parent explicitly there: `handle.span(...)`, `startSpan(..., { parent })`).
 */
export interface ContextStore<T> {
  get(): T | undefined;
  /** Runs `fn(arg)` with `value` current (an argument rather than a closure: no function object per call). */
  run<R, A>(value: T, fn: (arg: A) => R, arg: A): R;
}

interface AsyncLocalStorageLike<T> {
  getStore(): T | undefined;
  run<R, A>(store: T, fn: (arg: A) => R, arg: A): R;
}
type AsyncLocalStorageClass = new <T>() => AsyncLocalStorageLike<T>;

interface ProcessLike {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/** Set by the Node entry, which imports node:async_hooks statically. */
let provided: AsyncLocalStorageClass | undefined;

/** Used by the Node entry (`@sightline/sdk` under the "node" condition) to hand over AsyncLocalStorage. */
export function provideAsyncLocalStorage(als: unknown): void {
  if (typeof als === "function") provided = als as AsyncLocalStorageClass;
}

const runtime = globalThis as { process?: ProcessLike; AsyncLocalStorage?: AsyncLocalStorageClass };

function asyncLocalStorageClassSync(): AsyncLocalStorageClass | undefined {
  if (provided) return provided;
  // Edge runtimes (Vercel, Cloudflare with nodejs_compat) expose it as a global.
  if (typeof runtime.AsyncLocalStorage === "function") return runtime.AsyncLocalStorage;
  try {
    const hooks = runtime.process?.getBuiltinModule?.("node:async_hooks") as { AsyncLocalStorage?: AsyncLocalStorageClass } | undefined;
    return hooks?.AsyncLocalStorage;
  } catch {
    return undefined;
  }
}

/** Keeps the current value for the synchronous extent of `run` only. */
class SyncStackStore<T> implements ContextStore<T> {
  private current: T | undefined;
  get(): T | undefined {
    return this.current;
  }
  run<R, A>(value: T, fn: (arg: A) => R, arg: A): R {
    const previous = this.current;
    this.current = value;
    try {
      return fn(arg);
    } finally {
      this.current = previous;
    }
  }
}

/**
 * Starts as AsyncLocalStorage when the runtime hands it over synchronously (Node 20.16+,
 * edge). On older Node it starts with the synchronous fallback and switches once a guarded
 * dynamic import of node:async_hooks resolves (within the first tick).
 */
class SwitchingStore<T> implements ContextStore<T> {
  private delegate: ContextStore<T>;

  constructor() {
    const Als = asyncLocalStorageClassSync();
    if (Als) {
      this.delegate = fromAsyncLocalStorage(new Als<T>());
      return;
    }
    this.delegate = new SyncStackStore<T>();
    if (runtime.process?.versions?.node) void this.loadAsync();
  }

  private async loadAsync(): Promise<void> {
    try {
      const specifier = "node:async_hooks"; // a variable, so browser bundlers leave it alone
      const hooks = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as { AsyncLocalStorage?: AsyncLocalStorageClass };
      if (hooks.AsyncLocalStorage) this.delegate = fromAsyncLocalStorage(new hooks.AsyncLocalStorage<T>());
    } catch {
      // Stay on the synchronous fallback.
    }
  }

  get(): T | undefined {
    return this.delegate.get();
  }
  run<R, A>(value: T, fn: (arg: A) => R, arg: A): R {
    return this.delegate.run(value, fn, arg);
  }
}

function fromAsyncLocalStorage<T>(als: AsyncLocalStorageLike<T>): ContextStore<T> {
  return { get: () => als.getStore(), run: (value, fn, arg) => als.run(value, fn, arg) };
}

export function createContextStore<T>(): ContextStore<T> {
  return new SwitchingStore<T>();
}
