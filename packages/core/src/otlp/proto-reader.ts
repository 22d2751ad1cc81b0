import { bytesToHex } from "./ids";

/** A protobuf body that cannot be read; the message says where and why. */
export class ProtoWireError extends Error {}

export const PAST_END = "truncated or corrupt message (a length runs past the end of the body)";
const TWO_POW_32 = 4294967296;
/** Unknown groups nested deeper than this are refused rather than followed down the stack. */
const MAX_GROUP_DEPTH = 64;

interface NodeBuffer extends Uint8Array {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}
type BufferClass = { from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBuffer };
/** Node's Buffer when present: its native UTF-8 and hex slicing beat TextDecoder per call. */
const NodeBufferClass = (globalThis as unknown as { Buffer?: BufferClass }).Buffer;
const utf8 = new TextDecoder("utf-8");

/**
 * The wire layer of the OTLP decoder: varints, fixed-width values and length-delimited
 * fields over one body, with protobufjs' reading rules (a known field is read as its
 * declared type whatever its wire type; lengths are checked against the end of the body)
 * and its error wording, so the same bodies fail with the same reasons. Invalid UTF-8 in
 * strings becomes U+FFFD.
 */
export class ProtoReader {
  pos = 0;
  readonly len: number;
  /** The last varint read, as two unsigned 32-bit halves. */
  private lo = 0;
  private hi = 0;
  private readonly view: DataView;
  private readonly node: NodeBuffer | undefined;

  constructor(readonly buf: Uint8Array) {
    this.len = buf.length;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.node = NodeBufferClass?.from(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Reads a varint into lo/hi (at most ten bytes, as protobuf allows). */
  private varint(): void {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= this.len) throw new ProtoWireError(PAST_END);
    let b = buf[pos++]!;
    if (b < 0x80) {
      this.lo = b;
      this.hi = 0;
      this.pos = pos;
      return;
    }
    let lo = b & 0x7f;
    let hi = 0;
    for (let shift = 7; shift < 70; shift += 7) {
      if (pos >= this.len) throw new ProtoWireError(PAST_END);
      b = buf[pos++]!;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        this.pos = pos;
        return;
      }
    }
    throw new ProtoWireError("invalid varint encoding");
  }

  uint32(): number {
    this.varint();
    return this.lo;
  }

  int32(): number {
    this.varint();
    return this.lo | 0;
  }

  bool(): boolean {
    this.varint();
    return (this.lo | this.hi) !== 0;
  }

  /** int64 → a number when it is a safe integer, else its decimal string. */
  int64Json(): number | string {
    this.varint();
    const high = this.hi | 0;
    if (high >= -0x200000 && high < 0x200000) return high * TWO_POW_32 + this.lo;
    return BigInt.asIntN(64, (BigInt(this.hi) << 32n) | BigInt(this.lo)).toString();
  }

  /** The end offset of a length-delimited field starting here. */
  end(): number {
    this.varint();
    const end = this.pos + this.lo;
    if (this.hi !== 0 || end > this.len) throw new ProtoWireError(PAST_END);
    return end;
  }

  private advance(n: number): number {
    const start = this.pos;
    if (start + n > this.len) throw new ProtoWireError(PAST_END);
    this.pos = start + n;
    return start;
  }

  fixed32(): number {
    return this.view.getUint32(this.advance(4), true);
  }

  /** An unsigned fixed64 (OTLP times in nanoseconds). */
  fixed64(): bigint {
    const at = this.advance(8);
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getUint32(at + 4, true);
    return hi < 0x200000 ? BigInt(hi * TWO_POW_32 + lo) : (BigInt(hi) << 32n) | BigInt(lo);
  }

  double(): number {
    return this.view.getFloat64(this.advance(8), true);
  }

  string(): string {
    const end = this.end();
    const start = this.pos;
    this.pos = end;
    if (start === end) return "";
    return this.node ? this.node.utf8Slice(start, end) : utf8.decode(this.buf.subarray(start, end));
  }

  /** A bytes field as lowercase hex (ids). */
  hex(): string {
    const end = this.end();
    const start = this.pos;
    this.pos = end;
    if (start === end) return "";
    return this.node ? this.node.hexSlice(start, end) : bytesToHex(this.buf.subarray(start, end));
  }

  bytes(): Uint8Array {
    const end = this.end();
    const start = this.pos;
    this.pos = end;
    return this.buf.subarray(start, end);
  }

  /** Skips a field of an unknown number by its wire type. */
  skip(wireType: number, depth = 0): void {
    switch (wireType) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.pos = this.end();
        return;
      case 3: {
        if (depth >= MAX_GROUP_DEPTH) throw new ProtoWireError(`groups nested more than ${MAX_GROUP_DEPTH} deep at offset ${this.pos}`);
        for (;;) {
          const inner = this.uint32() & 7;
          if (inner === 4) return;
          this.skip(inner, depth + 1);
        }
      }
      case 5:
        this.advance(4);
        return;
      default:
        throw new ProtoWireError(`invalid wire type ${wireType} at offset ${this.pos}`);
    }
  }
}
