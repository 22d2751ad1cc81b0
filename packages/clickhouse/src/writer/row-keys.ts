import { ByteBuffer } from "./byte-buffer";

/**
 * The key of a `spans` row is its first three RowBinary strings: project id, trace id, span
 * id. Repeats inside a batch are found by these bytes, hashed where the rows are encoded
 * (FNV-1a), so the thread that gathers batches never builds a string per row.
 */

/** Offset just past the key (the first three strings) of the row starting at `start`. */
export function rowKeyEnd(bytes: Uint8Array, start: number): number {
  let at = start;
  for (let field = 0; field < 3; field++) {
    let length = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[at++]!;
      length += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 128;
    }
    at += length;
  }
  return at;
}

/** FNV-1a over bytes[start, end), as a signed 32-bit integer. */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

/**
 * A set of row keys as bytes: an open-addressing table of row numbers over one arena of key
 * bytes. A hash match is confirmed byte for byte, so a collision never drops a row.
 */
export class RowKeySet {
  private readonly arena = new ByteBuffer(64 * 1024);
  /** Key n occupies arena[starts[n], starts[n + 1]). */
  private starts = new Uint32Array(1025);
  private count = 0;
  /** Per slot: key number + 1 (0 = empty), and the key's hash. */
  private slots = new Int32Array(2048);
  private hashes = new Int32Array(2048);

  get size(): number {
    return this.count;
  }

  /** Adds the key bytes[start, end) of hash `hash`; false when an equal key is already in. */
  add(bytes: Uint8Array, start: number, end: number, hash: number): boolean {
    let mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (this.hashes[slot] === hash && this.equals(entry - 1, bytes, start, end)) return false;
      slot = (slot + 1) & mask;
    }
    if ((this.count + 1) * 2 > this.slots.length) {
      this.grow();
      mask = this.slots.length - 1;
      slot = hash & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    }
    this.arena.reserve(end - start);
    if (this.count + 2 > this.starts.length) {
      const bigger = new Uint32Array(this.starts.length * 2);
      bigger.set(this.starts);
      this.starts = bigger;
    }
    this.arena.buf.set(bytes.subarray(start, end), this.arena.at);
    this.arena.at += end - start;
    this.count++;
    this.starts[this.count] = this.arena.at;
    this.slots[slot] = this.count;
    this.hashes[slot] = hash;
    return true;
  }

  private equals(key: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[key]!;
    if (this.starts[key + 1]! - from !== end - start) return false;
    const arena = this.arena.buf;
    for (let i = 0; i < end - start; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const hashes = new Int32Array(size);
    for (let i = 0; i < this.slots.length; i++) {
      const entry = this.slots[i]!;
      if (entry === 0) continue;
      let slot = this.hashes[i]! & (size - 1);
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = entry;
      hashes[slot] = this.hashes[i]!;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}
