/**
 * The Node entry (`exports` condition "node"): the universal entry plus a static
 * AsyncLocalStorage, so the current span follows `await`, timers and streams from the first
 * span on, a `node:http` transport (cheaper per request than fetch), and Buffer#write for
 * long strings in the protobuf encoder.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { provideAsyncLocalStorage } from "./context.js";
import { createNodeTransport } from "./node-transport.js";
import { provideUtf8Length, provideUtf8Target } from "./proto-writer.js";
import { provideTransport } from "./transport.js";

provideAsyncLocalStorage(AsyncLocalStorage);
provideTransport(createNodeTransport());
// The global `Buffer` is a getter in Node, and a lookup on it a slow (dictionary) one: read
// them once, not on every long string.
const NodeBuffer = Buffer;
const byteLength = NodeBuffer.byteLength;
provideUtf8Target((bytes) => NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
provideUtf8Length((value) => byteLength(value, "utf8"));

export * from "./index.js";
