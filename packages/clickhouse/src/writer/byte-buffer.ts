/** A growable byte buffer written front to back: what the RowBinary and JSON text writers share. */
export class ByteBuffer {
  buf: Buffer;
  /** The same memory as 32-bit words, for scans four bytes at a time (the buffer starts at offset 0). */
  words: Int32Array;
  at = 0;

  constructor(initialBytes: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(1024, initialBytes));
    this.words = new Int32Array(this.buf.buffer, 0, this.buf.length >> 2);
  }

  get length(): number {
    return this.at;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Buffer {
    return this.buf.subarray(0, this.at);
  }

  /** Makes room for `n` more bytes (the buffer may move: re-read `buf` after a call). */
  reserve(n: number): void {
    if (this.buf.length - this.at >= n) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
    this.words = new Int32Array(bigger.buffer, 0, bigger.length >> 2);
  }

  byte(n: number): void {
    this.reserve(1);
    this.buf[this.at++] = n;
  }

  varint(n: number): void {
    this.reserve(10);
    while (n >= 0x80) {
      this.buf[this.at++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.at++] = n;
  }
}
