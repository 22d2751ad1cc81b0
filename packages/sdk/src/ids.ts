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

/** The 32-bit words (int32, so they stay small integers in objects) of the id made last by {@link newIdWords}. */
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

/**
 * Fills {@link idWords} with `count` (2 or 4) random 32-bit words, not all zero (an all-zero
 * id is invalid in OTLP; astronomically rare, but cheap to rule out). Spans keep their ids
 * as these words; the hex is made only when something asks for it.
 */
export function newIdWords(count: 2 | 4): void {
  const bytes = count * 4;
  for (;;) {
    if (poolOffset + bytes > POOL_SIZE) {
      crypto.getRandomValues(pool);
      poolOffset = 0;
    }
    let any = 0;
    for (let w = 0, at = poolOffset; w < count; w++, at += 4) {
      const word = (pool[at]! << 24) | (pool[at + 1]! << 16) | (pool[at + 2]! << 8) | pool[at + 3]!;
      idWords[w] = word;
      any |= word;
    }
    poolOffset += bytes;
    if (any !== 0) return;
  }
}

/** Lowercase hex of big-endian 32-bit words (16 characters for 2 words, 32 for 4). */
export function hexOfWords(w0: number, w1: number, w2?: number, w3?: number): string {
  const codes = w2 === undefined ? codes16 : codes32;
  putHex(codes, 0, w0);
  putHex(codes, 8, w1);
  if (w2 !== undefined) {
    putHex(codes, 16, w2);
    putHex(codes, 24, w3!);
  }
  return String.fromCharCode.apply(null, codes);
}

function putHex(codes: number[], at: number, word: number): void {
  for (let shift = 28; shift >= 0; shift -= 4) codes[at++] = HEX_CODES[(word >>> shift) & 15]!;
}

/** 32 lowercase hex characters (16 random bytes). */
export const newTraceId = (): string => (newIdWords(4), hexOfWords(idWords[0]!, idWords[1]!, idWords[2]!, idWords[3]!));
/** 16 lowercase hex characters (8 random bytes). */
export const newSpanId = (): string => (newIdWords(2), hexOfWords(idWords[0]!, idWords[1]!));

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
