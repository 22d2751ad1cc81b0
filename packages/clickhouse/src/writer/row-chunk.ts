import type { CanonicalSpan } from "@sightline/core";
import { spanKey } from "../row";
import { RowBinaryWriter } from "./row-binary";

export { decodeRowBinarySpans } from "./row-binary";

/**
 * Spans encoded as rows of the `spans` table, ready to append to a batch. Plain data (no
 * engine imports here), so ingest can encode in a worker thread and transfer the bytes.
 */
export interface EncodedSpans {
  /** RowBinary rows in SPAN_ROW_COLUMNS order (see row-binary.ts). */
  bytes: Uint8Array;
  /** The (project, trace, span) key of each row, in order: the writer drops repeats. */
  keys: string[];
  /** Byte offset just past each row. */
  rowEnds: Uint32Array;
}

/**
 * Encodes spans as RowBinary rows into a reused buffer, then returns an exact-size copy in an
 * ArrayBuffer of its own (what a worker transfers): each batch then allocates only what it
 * holds, not a worst-case estimate, which halves the off-heap bytes the receiving thread's
 * garbage collector is prompted by.
 */
export function encodeSpans(spans: readonly CanonicalSpan[]): EncodedSpans {
  const keys: string[] = new Array(spans.length);
  const rowEnds = new Uint32Array(spans.length);
  const out = (scratch ??= new RowBinaryWriter(SCRATCH_BYTES));
  out.at = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    keys[i] = spanKey(span);
    out.span(span);
    rowEnds[i] = out.length;
  }
  const bytes = new Uint8Array(out.length);
  bytes.set(out.bytes());
  if (out.buf.length > 4 * SCRATCH_BYTES) scratch = undefined; // after a batch of huge spans: not kept
  return { bytes, keys, rowEnds };
}

const SCRATCH_BYTES = 2 * 1024 * 1024;
let scratch: RowBinaryWriter | undefined;

/**
 * The rows whose key is not in `seen` yet (first occurrence wins, repeats inside `encoded`
 * included), recording their keys. Without repeats, the bytes are returned as they are.
 */
export function unseenRows(encoded: EncodedSpans, seen: Set<string>): { bytes: Buffer; rows: number } {
  const { keys, rowEnds } = encoded;
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
  const kept: Buffer[] = [all.subarray(0, firstRepeat === 0 ? 0 : rowEnds[firstRepeat - 1])];
  let rows = firstRepeat;
  for (let i = firstRepeat + 1; i < keys.length; i++) {
    if (seen.has(keys[i]!)) continue;
    seen.add(keys[i]!);
    kept.push(all.subarray(rowEnds[i - 1], rowEnds[i]));
    rows++;
  }
  return { bytes: Buffer.concat(kept), rows };
}
