import { Worker } from "node:worker_threads";
import type { FetchLike, ResponseLike } from "./transport.js";

/**
 * The Node entry's default transport: requests are made by a worker thread, so the HTTP
 * work (request and socket writes, response parsing, the promises and timers around them)
 * stays off the app's thread. Everything else stays where it was: the queue, its limits,
 * batching, retries with backoff, timeouts, `flush()`/`shutdown()` and `stats()` are the
 * exporter's, on the app's thread; this is only what `fetch` would be.
 *
 * - Bodies in a SharedArrayBuffer (the protobuf encoder's request buffers, see
 *   `provideSharedBodies`) reach the worker without a copy; others are copied.
 * - The worker starts with the first request, and holds the process open only while a
 *   request is in flight (like a socket would): an idle worker never delays exit, and an
 *   exit flush (`beforeExit`, signals) still completes.
 * - A timeout or abort from the exporter aborts the worker's request; a worker that dies
 *   fails the requests it had (retried by the exporter like network errors) and is started
 *   again by the next request.
 */
export function createWorkerTransport(): FetchLike {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();

  const fail = (error: Error) => {
    for (const entry of waiting.values()) entry.settle(undefined, error);
    waiting.clear();
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, { eval: true, name: "sightline-export", stdout: false, stderr: false });
    started.unref();
    started.on("message", (answer: WorkerAnswer) => {
      const entry = waiting.get(answer.id);
      if (!entry) return;
      waiting.delete(answer.id);
      if (waiting.size === 0) started.unref();
      if (answer.error !== undefined) entry.settle(undefined, networkError(answer.error, answer.code));
      else entry.settle(responseOf(answer.status!, answer.retryAfter ?? null, answer.body!));
    });
    started.on("error", (error) => {
      if (worker === started) worker = undefined;
      fail(error instanceof Error ? error : new Error(String(error)));
    });
    started.on("exit", () => {
      if (worker === started) worker = undefined;
      fail(new Error("the Sightline export worker exited"));
    });
    return started;
  };

  return (input, init) =>
    new Promise<ResponseLike>((resolve, reject) => {
      if (init.signal.aborted) {
        reject(abortError());
        return;
      }
      const current = (worker ??= start());
      const id = nextId++;
      const onAbort = () => {
        if (!waiting.delete(id)) return;
        if (waiting.size === 0) current.unref();
        current.postMessage({ abort: id });
        reject(abortError());
      };
      waiting.set(id, {
        settle(response, error) {
          init.signal.removeEventListener("abort", onAbort);
          if (error) reject(error);
          else resolve(response!);
        },
      });
      init.signal.addEventListener("abort", onAbort);
      if (waiting.size === 1) current.ref(); // a request in flight keeps the process alive, as its socket would
      try {
        current.postMessage({ id, url: input, method: init.method, headers: init.headers, body: init.body });
      } catch (error) {
        waiting.delete(id);
        if (waiting.size === 0) current.unref();
        init.signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
}

interface Waiting {
  settle(response: ResponseLike | undefined, error?: Error): void;
}

interface WorkerAnswer {
  id: number;
  status?: number;
  retryAfter?: string | null;
  body?: Uint8Array;
  error?: string;
  code?: string;
}

function responseOf(status: number, retryAfter: string | null, body: Uint8Array): ResponseLike {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name) => (name.toLowerCase() === "retry-after" ? retryAfter : null) },
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

function networkError(message: string, code: string | undefined): Error {
  const error = new Error(message) as Error & { code?: string };
  if (code) error.code = code;
  return error;
}

function abortError(): Error {
  const error = new Error("The operation was aborted");
  error.name = "AbortError";
  return error;
}

/**
 * The worker: plain JavaScript run with `eval` (no file to resolve, in any bundling or
 * loader setup). One keep-alive agent per protocol, as the in-thread transport has.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const http = require("node:http");
const https = require("node:https");
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 8 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 8 }) };
const requests = new Map();
function answer(message) {
  if (!requests.delete(message.id)) return;
  parentPort.postMessage(message);
}
parentPort.on("message", (message) => {
  if (message.abort !== undefined) {
    const request = requests.get(message.abort);
    requests.delete(message.abort);
    if (request) request.destroy();
    return;
  }
  const id = message.id;
  try {
    const url = new URL(message.url);
    const protocol = url.protocol === "https:" ? "https:" : "http:";
    const body = typeof message.body === "string" ? Buffer.from(message.body, "utf8") : Buffer.from(message.body.buffer, message.body.byteOffset, message.body.byteLength);
    const request = (protocol === "https:" ? https : http).request(
      url,
      { method: message.method, headers: { ...message.headers, "Content-Length": String(body.byteLength) }, agent: agents[protocol] },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("error", (error) => answer({ id, error: error.message, code: error.code }));
        response.on("end", () => {
          const bytes = Buffer.concat(chunks);
          const retryAfter = response.headers["retry-after"];
          answer({ id, status: response.statusCode || 0, retryAfter: retryAfter === undefined ? null : String(retryAfter), body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
        });
      },
    );
    requests.set(id, request);
    request.on("error", (error) => answer({ id, error: error.message, code: error.code }));
    request.end(body);
  } catch (error) {
    requests.set(id, null);
    answer({ id, error: error && error.message ? error.message : String(error) });
  }
});
`;
