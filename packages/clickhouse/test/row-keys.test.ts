import { describe, expect, it } from "vitest";
import { hashBytes, rowKeyEnd, RowKeySet } from "../src/writer/row-keys";
import { encodeSpans } from "../src/writer/row-chunk";
import { buildTrace } from "./spans";

const utf8 = new TextEncoder();

/** A row prefix of three RowBinary strings (what rowKeyEnd reads), then a tail that is not part of the key. */
function rowOf(project: string, trace: string, span: string, tail = "rest of the row"): Uint8Array {
  const parts = [project, trace, span, tail].map((text) => utf8.encode(text));
  const out: number[] = [];
  for (const part of parts) {
    let n = part.length;
    while (n >= 0x80) {
      out.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    out.push(n, ...part);
  }
  return Uint8Array.from(out);
}

describe("row keys", () => {
  it("are the first three strings of a row, lengths of two bytes included", () => {
    const row = rowOf("p".repeat(200), "t", "s", "tail");
    expect(rowKeyEnd(row, 0)).toBe(2 + 200 + 1 + 1 + 1 + 1);
    const encoded = encodeSpans(buildTrace({ projectId: "project-keys", startMs: Date.UTC(2026, 0, 1) }).spans);
    const first = encoded.bytes.subarray(0, encoded.rowEnds[0]);
    expect(encoded.keyHashes[0]).toBe(hashBytes(first, 0, rowKeyEnd(first, 0)));
  });

  it("spot a repeat by its bytes, never by its hash alone (equal hashes of different keys both stay)", () => {
    const set = new RowKeySet();
    const a = rowOf("project", "trace-a", "span-1");
    const b = rowOf("project", "trace-b", "span-1");
    const sameHash = 12345;
    expect(set.add(a, 0, rowKeyEnd(a, 0), sameHash)).toBe(true);
    expect(set.add(b, 0, rowKeyEnd(b, 0), sameHash)).toBe(true);
    expect(set.add(a, 0, rowKeyEnd(a, 0), sameHash)).toBe(false);
    const aWithOtherTail = rowOf("project", "trace-a", "span-1", "a different row body");
    expect(set.add(aWithOtherTail, 0, rowKeyEnd(aWithOtherTail, 0), sameHash)).toBe(false);
    expect(set.size).toBe(2);
  });

  it("keep every key while growing well past their first sizes, and still find each repeat", () => {
    const set = new RowKeySet();
    const rows = Array.from({ length: 20_000 }, (_, i) => rowOf(`project-${i % 3}`, `trace-${i}`, `span-${i}`));
    for (const row of rows) expect(set.add(row, 0, rowKeyEnd(row, 0), hashBytes(row, 0, rowKeyEnd(row, 0)))).toBe(true);
    expect(set.size).toBe(20_000);
    let repeats = 0;
    for (const row of rows) if (!set.add(row, 0, rowKeyEnd(row, 0), hashBytes(row, 0, rowKeyEnd(row, 0)))) repeats++;
    expect(repeats).toBe(20_000);
  });
});
