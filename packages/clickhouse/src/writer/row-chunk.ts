import type { CanonicalSpan } from "@sightline/core";
import { spanKey, spanToRow } from "../row";

/**
 * Spans encoded as rows of the `spans` table, ready to append to a batch. Plain data (no
 * engine imports here), so ingest can encode in a worker thread and transfer the bytes.
 */
export interface EncodedSpans {
  /** NDJSON: one SpanRow per line, each ending in "\n". */
  bytes: Uint8Array;
  /** The (project, trace, span) key of each line, in order: the writer drops repeats. */
  keys: string[];
  /** Byte offset just past each line's "\n". */
  lineEnds: Uint32Array;
}

/**
 * Encodes spans as NDJSON rows straight into one buffer. Lines are written one by one into
 * a buffer sized from their lengths: joining them into one string first, or a Buffer per
 * line, measured 2–4× slower.
 */
export function encodeSpans(spans: readonly CanonicalSpan[]): EncodedSpans {
  const lines: string[] = new Array(spans.length);
  const keys: string[] = new Array(spans.length);
  let chars = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    keys[i] = spanKey(span);
    const line = wellFormed(JSON.stringify(spanToRow(span)));
    lines[i] = line;
    chars += line.length + 1;
  }
  // ASCII is one byte per character; anything else is measured exactly before it could overflow.
  let bytes: Buffer = Buffer.allocUnsafeSlow(chars);
  const lineEnds = new Uint32Array(lines.length);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (bytes.length - at < line.length * 3 + 1) {
      const need = Buffer.byteLength(line) + 1;
      if (bytes.length - at < need) bytes = grow(bytes, at, need);
    }
    at += bytes.write(line, at);
    bytes[at++] = 0x0a;
    lineEnds[i] = at;
  }
  return { bytes: bytes.subarray(0, at), keys, lineEnds };
}

/**
 * The lines whose key is not in `seen` yet (first occurrence wins, repeats inside `encoded`
 * included), recording their keys. Without repeats, the bytes are returned as they are.
 */
export function unseenRows(encoded: EncodedSpans, seen: Set<string>): { bytes: Buffer; rows: number } {
  const { keys, lineEnds } = encoded;
  const all = Buffer.from(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength);
  let firstRepeat = -1;
  for (let i = 0; i < keys.length; i++) {
    if (seen.has(keys[i]!)) {
      firstRepeat = i;
      break;
    }
    seen.add(keys[i]!);
  }
  if (firstRepeat < 0) return { bytes: all, rows: keys.length };
  const kept: Buffer[] = [all.subarray(0, firstRepeat === 0 ? 0 : lineEnds[firstRepeat - 1])];
  let rows = firstRepeat;
  for (let i = firstRepeat + 1; i < keys.length; i++) {
    if (seen.has(keys[i]!)) continue;
    seen.add(keys[i]!);
    kept.push(all.subarray(lineEnds[i - 1], lineEnds[i]));
    rows++;
  }
  return { bytes: Buffer.concat(kept), rows };
}

function grow(bytes: Buffer, used: number, need: number): Buffer {
  const bigger = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, used + need));
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
