import { sha256 } from "./sha256.js";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_CODES: number[] = Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const codes16: number[] = new Array<number>(16).fill(0);
const codes32: number[] = new Array<number>(32).fill(0);

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b];
  return out;
}

/**
 * Random bytes are drawn from crypto.getRandomValues 64 KiB at a time: one call per id was
 * the SDK's single most expensive step per span (a syscall each time).
 */
const POOL_SIZE = 64 * 1024; // a fill costs ~9 µs at 4 KiB and ~14 µs at 64 KiB here: the per-call cost dominates
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

function randomHex(byteCount: number): string {
  for (;;) {
    if (poolOffset + byteCount > POOL_SIZE) {
      crypto.getRandomValues(pool);
      poolOffset = 0;
    }
    // Char codes into a reused array, then one string: no intermediate string per byte.
    const codes = byteCount === 8 ? codes16 : codes32;
    let zero = true;
    for (let i = 0; i < byteCount; i++) {
      const b = pool[poolOffset + i]!;
      if (b !== 0) zero = false;
      codes[i * 2] = HEX_CODES[b >> 4]!;
      codes[i * 2 + 1] = HEX_CODES[b & 15]!;
    }
    if (!zero) {
      // The same bytes as 32-bit words (int32, so they stay small integers in objects): the
      // protobuf encoder writes ids from these instead of parsing the hex back.
      for (let w = 0, at = poolOffset; w < byteCount >> 2; w++, at += 4) {
        idWords[w] = (pool[at]! << 24) | (pool[at + 1]! << 16) | (pool[at + 2]! << 8) | pool[at + 3]!;
      }
      poolOffset += byteCount;
      return String.fromCharCode.apply(null, codes);
    }
    poolOffset += byteCount; // an all-zero id is invalid in OTLP; astronomically rare, but cheap to rule out
  }
}

/** The 32-bit words of the id made last by {@link newTraceId} (4) or {@link newSpanId} (first 2). */
export const idWords = [0, 0, 0, 0];

/** The big-endian 32-bit word (as int32) of 8 hex characters of a valid id from `offset`. */
export function hexWord(hex: string, offset: number): number {
  let word = 0;
  for (let i = offset; i < offset + 8; i++) {
    const c = hex.charCodeAt(i);
    word = (word << 4) | (c <= 57 ? c - 48 : c - 87);
  }
  return word | 0;
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
