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

/** Set by the Node entry. */
export function provideTransport(transport: FetchLike): void {
  provided = transport;
}

/** The transport to use when the app passed none: the Node one if provided, else the global fetch (looked up per call, so it can be patched). */
export function defaultTransport(): FetchLike {
  return provided ?? ((input, init) => globalThis.fetch(input, init as RequestInit));
}
