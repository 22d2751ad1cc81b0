import { Sightline, type SightlineOptions } from "../src/index.js";
import type { CaptureServer } from "./capture-server.js";

export const PUBLIC_KEY = "pk-sl-test";
export const SECRET_KEY = "sk-sl-test";

/** A client pointed at the capture server; no interval flush unless a test asks for one. */
export function clientFor(server: CaptureServer, options: SightlineOptions = {}): Sightline {
  return new Sightline({
    baseUrl: server.url,
    publicKey: PUBLIC_KEY,
    secretKey: SECRET_KEY,
    flushIntervalMs: 3_600_000,
    retryBaseDelayMs: 1,
    ...options,
  });
}
