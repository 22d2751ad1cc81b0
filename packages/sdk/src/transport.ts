/**
 * How requests leave the process. Everywhere: the platform's `fetch`. The Node entry
 * provides a `node:http` transport instead (see node-transport.ts): undici's fetch costs
 * several times more CPU and allocation per request than `http.request` with a keep-alive
 * agent, which showed in the per-span benchmark.
 */

/** The part of a fetch Response the SDK reads. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What the SDK needs from `fetch`; the global fetch satisfies it. */
export interface RequestInitLike {
  method: "POST";
  headers: Record<string, string>;
  body: string | Uint8Array;
  signal: AbortSignal;
}

export type FetchLike = (input: string, init: RequestInitLike) => Promise<ResponseLike>;

let provided: FetchLike | undefined;
let providedOffThread: FetchLike | undefined;

/** Set by the Node entry: `node:http` on the app's thread, and the same from a worker thread. */
export function provideTransport(transport: FetchLike, offThread?: FetchLike): void {
  provided = transport;
  providedOffThread = offThread;
}

/**
 * The transport to use when the app passed none: in Node, the worker thread's when
 * `offThread` (the default) and the in-thread one otherwise; elsewhere the global fetch
 * (looked up per call, so it can be patched).
 */
export function defaultTransport(offThread = true): FetchLike {
  return (offThread ? providedOffThread : undefined) ?? provided ?? ((input, init) => globalThis.fetch(input, init as RequestInit));
}
