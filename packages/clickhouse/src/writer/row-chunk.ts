import type { CanonicalSpan } from "@sightline/core";
import { RowBinaryWriter } from "./row-binary";
import { hashBytes, rowKeyEnd, type RowKeySet } from "./row-keys";

export { decodeRowBinarySpans } from "./row-binary";

/**
 * Spans encoded as rows of the `spans` table, ready to append to a batch. Plain data (no
 * engine imports here), so ingest can encode in a worker thread and transfer the bytes.
 */
export interface EncodedSpans {
  /** RowBinary rows in SPAN_ROW_COLUMNS order (see row-binary.ts). */
  bytes: Uint8Array;
  /** Byte offset just past each row. */
  rowEnds: Uint32Array;
  /** Hash of each row's (project, trace, span) key bytes (row-keys.ts): the writer drops repeats. */
  keyHashes: Int32Array;
}

/**
 * Encodes spans as RowBinary rows into a reused buffer, then returns an exact-size copy in an
 * ArrayBuffer of its own (what a worker transfers): each batch allocates only what it holds
 * (~3.2 KB per bench span), not a 4 KiB-per-span estimate, and off-heap bytes are what
 * prompts the receiving thread's full GCs (see apps/web's ingest README).
 */
export function encodeSpans(spans: readonly CanonicalSpan[]): EncodedSpans {
  const rowEnds = new Uint32Array(spans.length);
  const keyHashes = new Int32Array(spans.length);
  const out = (scratch ??= new RowBinaryWriter(SCRATCH_BYTES));
  out.at = 0;
  for (let i = 0; i < spans.length; i++) {
    const start = out.length;
    out.span(spans[i]!);
    rowEnds[i] = out.length;
    keyHashes[i] = hashBytes(out.buf, start, rowKeyEnd(out.buf, start));
  }
  const bytes = new Uint8Array(out.length);
  bytes.set(out.bytes());
  if (out.buf.length > 4 * SCRATCH_BYTES) scratch = undefined; // after a batch of huge spans: not kept
  return { bytes, rowEnds, keyHashes };
}

const SCRATCH_BYTES = 2 * 1024 * 1024;
let scratch: RowBinaryWriter | undefined;

/**
 * The rows whose key is not in `seen` yet (first occurrence wins, repeats inside `encoded`
 * included), recording their keys. Without repeats, the bytes are returned as they are.
 */
export function unseenRows(encoded: EncodedSpans, seen: RowKeySet): { bytes: Buffer; rows: number } {
  const { rowEnds, keyHashes } = encoded;
  const all = Buffer.from(encoded.bytes.buffer, encoded.bytes.byteOffset, encoded.bytes.byteLength);
  const count = rowEnds.length;
  const isNew = (i: number): boolean => {
    const start = i === 0 ? 0 : rowEnds[i - 1]!;
    return seen.add(all, start, rowKeyEnd(all, start), keyHashes[i]!);
  };
  let firstRepeat = -1;
  for (let i = 0; i < count; i++) {
    if (!isNew(i)) {
      firstRepeat = i;
      break;
    }
  }
  if (firstRepeat < 0) return { bytes: all, rows: count };
  const kept: Buffer[] = [all.subarray(0, firstRepeat === 0 ? 0 : rowEnds[firstRepeat - 1])];
  let rows = firstRepeat;
  for (let i = firstRepeat + 1; i < count; i++) {
    if (!isNew(i)) continue;
    kept.push(all.subarray(rowEnds[i - 1], rowEnds[i]));
    rows++;
  }
  return { bytes: Buffer.concat(kept), rows };
}
