/** The minimal AsyncLocalStorage surface we use. */
interface Storage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type AsyncHooks = { AsyncLocalStorage: new <T>() => Storage<T> };

/**
 * AsyncLocalStorage where the runtime has it (Node ≥ 20.16 exposes builtins through
 * process.getBuiltinModule; edge runtimes expose AsyncLocalStorage globally), without a
 * static `node:` import that would break browser and edge bundles. Elsewhere, a
 * synchronous stack: context then follows callbacks but not across `await` — pass
 * `parent` explicitly there.
 */
export function createContextStorage<T>(): Storage<T> {
  const g = globalThis as {
    AsyncLocalStorage?: AsyncHooks["AsyncLocalStorage"];
    process?: { getBuiltinModule?: (id: string) => unknown };
  };
  const hooks = g.process?.getBuiltinModule?.("node:async_hooks") as AsyncHooks | undefined;
  const Als = hooks?.AsyncLocalStorage ?? g.AsyncLocalStorage;
  if (Als) return new Als<T>();
  let current: T | undefined;
  return {
    getStore: () => current,
    run<R>(store: T, fn: () => R): R {
      const previous = current;
      current = store;
      try {
        return fn();
      } finally {
        current = previous;
      }
    },
  };
}
