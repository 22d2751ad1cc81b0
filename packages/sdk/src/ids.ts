import { sha256 } from "./sha256.js";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
}

/**
 * Random bytes are drawn from crypto.getRandomValues 4 KiB at a time: one call per id was
 * the SDK's single most expensive step per span (a syscall each time).
 */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomHex(byteCount: number): string {
  for (;;) {
    if (poolOffset + byteCount > POOL_SIZE) {
      crypto.getRandomValues(pool);
      poolOffset = 0;
    }
    let out = "";
    let zero = true;
    for (let i = poolOffset; i < poolOffset + byteCount; i++) {
      const b = pool[i]!;
      if (b !== 0) zero = false;
      out += HEX[b];
    }
    poolOffset += byteCount;
    // An all-zero id is invalid in OTLP; astronomically rare, but cheap to rule out.
    if (!zero) return out;
  }
}

/** 32 lowercase hex characters (16 random bytes). */
export const newTraceId = (): string => randomHex(16);
/** 16 lowercase hex characters (8 random bytes). */
export const newSpanId = (): string => randomHex(8);

export const isTraceId = (id: unknown): id is string => typeof id === "string" && /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id);
export const isSpanId = (id: unknown): id is string => typeof id === "string" && /^[0-9a-f]{16}$/.test(id) && !/^0+$/.test(id);

/**
 * A trace id derived from a seed (an external request id, a job id), the same in every
 * runtime and process: the first 16 bytes of SHA-256 over the seed's UTF-8 bytes, as 32
 * lowercase hex characters. Equal to `createHash("sha256").update(seed).digest("hex").slice(0, 32)`.
 *
 * @example
 * await sightline.trace("handle-request", fn, { traceId: createTraceId(req.headers["x-request-id"]) });
 */
export function createTraceId(seed: string): string {
  const id = toHex(sha256(new TextEncoder().encode(String(seed))).subarray(0, 16));
  return /^0+$/.test(id) ? "00000000000000000000000000000001" : id;
}
