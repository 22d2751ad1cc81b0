/**
 * The Node entry (`exports` condition "node"): the universal entry plus a static
 * AsyncLocalStorage, so the current span follows `await`, timers and streams from the first
 * span on, and a `node:http` transport (cheaper per request than fetch).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { provideAsyncLocalStorage } from "./context.js";
import { createNodeTransport } from "./node-transport.js";
import { provideTransport } from "./transport.js";

provideAsyncLocalStorage(AsyncLocalStorage);
provideTransport(createNodeTransport());

export * from "./index.js";
