/**
 * The Node entry (`exports` condition "node"): the universal entry plus a static
 * AsyncLocalStorage, so the current span follows `await`, timers and streams from the first
 * span on, on every Node version, without any runtime lookup.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { provideAsyncLocalStorage } from "./context.js";

provideAsyncLocalStorage(AsyncLocalStorage);

export * from "./index.js";
