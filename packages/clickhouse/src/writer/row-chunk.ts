import type { CanonicalSpan } from "@sightline/core";
import { spanKey, spanToRow } from "../row";

export interface RowChunk {
  /** NDJSON: one SpanRow per line, each ending in "\n". */
  bytes: Buffer;
  /** Rows in `bytes` (spans whose key was already in `seen` are left out). */
  rows: number;
}

/**
 * Encodes spans as NDJSON rows straight into one buffer, skipping (and recording) keys
 * already in `seen`. Lines are written one by one into a buffer sized from their lengths:
 * joining them into one string first, or a Buffer per line, measured 2–4× slower.
 */
export function encodeRowChunk(spans: readonly CanonicalSpan[], seen: Set<string>): RowChunk {
  const lines: string[] = [];
  let chars = 0;
  for (const span of spans) {
    const key = spanKey(span);
    if (seen.has(key)) continue;
    seen.add(key);
    const line = wellFormed(JSON.stringify(spanToRow(span)));
    lines.push(line);
    chars += line.length + 1;
  }
  // ASCII is one byte per character; anything else is measured exactly before it could overflow.
  let bytes: Buffer = Buffer.allocUnsafe(chars);
  let at = 0;
  for (const line of lines) {
    if (bytes.length - at < line.length * 3 + 1) {
      const need = Buffer.byteLength(line) + 1;
      if (bytes.length - at < need) bytes = grow(bytes, at, need);
    }
    at += bytes.write(line, at);
    bytes[at++] = 0x0a;
  }
  return { bytes: bytes.subarray(0, at), rows: lines.length };
}

function grow(bytes: Buffer, used: number, need: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(bytes.length * 2, used + need));
  bytes.copy(bigger, 0, 0, used);
  return bigger;
}

/**
 * JSON.stringify writes a lone surrogate as a `\udXXX` escape, which the engine refuses,
 * failing the INSERT of every row batched with it: replace it with U+FFFD (well-formed pairs
 * are written as characters, so any such escape not after a backslash is a lone one).
 */
function wellFormed(line: string): string {
  return line.includes("\\ud") ? line.replace(LONE_SURROGATE_ESCAPE, "\\ufffd") : line;
}
const LONE_SURROGATE_ESCAPE = /(?<!\\)\\ud[89a-f][0-9a-f]{2}/g;
