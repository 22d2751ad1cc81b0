/**
 * A minimal protobuf writer: one growing byte buffer, varints, fixed64, strings written
 * with TextEncoder.encodeInto (no intermediate arrays), and nested messages whose length
 * prefix is reserved up front and shrunk afterwards if it was too generous.
 */
const encoder = new TextEncoder();

/** Writes a string as UTF-8 into the memory it was made over, at `offset`; returns the bytes written (Node's Buffer#write). */
export interface Utf8Target {
  write(value: string, offset: number, length: number, encoding: "utf8" | "latin1"): number;
}

let utf8TargetFor: ((bytes: Uint8Array) => Utf8Target) | undefined;
let utf8Length: ((value: string) => number) | undefined;

/** Set by the Node entry (Buffer.byteLength): a string whose UTF-8 length is its length is ASCII. */
export function provideUtf8Length(measure: ((value: string) => number) | undefined): void {
  utf8Length = measure;
}

/** Whether `value` is all ASCII, when the runtime can tell cheaply (Node); undefined otherwise. */
export function isAsciiFast(value: string): boolean | undefined {
  return utf8Length ? utf8Length(value) === value.length : undefined;
}

/**
 * Set by the Node entry: Buffer#write encodes a long string straight into our buffer
 * without the subarray view and result object TextEncoder#encodeInto needs per call.
 */
export function provideUtf8Target(make: ((bytes: Uint8Array) => Utf8Target) | undefined): void {
  utf8TargetFor = make;
}

/** A Utf8Target over `bytes` when the runtime provides one (Node), else undefined. */
export function utf8TargetOver(bytes: Uint8Array): Utf8Target | undefined {
  return utf8TargetFor?.(bytes);
}

/** Bytes with a DataView over the same memory (offset 0 of the view is offset 0 of `buf`), for {@link ProtoWriter.rawWords}. */
export interface ByteView {
  readonly buf: Uint8Array;
  readonly view: DataView;
}

/** A {@link ByteView} over a copy of `bytes`. */
export function byteViewOf(bytes: Uint8Array): ByteView {
  const buf = bytes.slice();
  return { buf, view: new DataView(buf.buffer) };
}

export class ProtoWriter {
  buf: Uint8Array;
  pos = 0;
  private view: DataView;
  /** Made over {@link buf} on the first long string (Node only); dropped when the buffer changes. */
  private utf8: Utf8Target | undefined;
  /** An Int32Array over {@link buf}'s memory, for {@link plainSince}; dropped when the buffer changes. */
  private words: Int32Array | undefined;

  constructor(initialSize = 64 * 1024) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  reset(): void {
    this.pos = 0;
  }

  /**
   * Writes into `buf` (with its DataView) from `pos` on, instead of the writer's own buffer:
   * the span encoder writes each ended span straight into a chunk of its queue. The caller
   * makes sure there is room (an {@link ensure} beyond the end would move to a new buffer).
   */
  attach(buf: Uint8Array, view: DataView, pos: number, utf8?: Utf8Target): void {
    this.buf = buf;
    this.view = view;
    this.pos = pos;
    this.utf8 = utf8;
    this.words = undefined;
  }

  /** Copies already-encoded bytes (a cached field, a whole queued span). */
  raw(bytes: Uint8Array, start = 0, end = bytes.length): void {
    const length = end - start;
    this.ensure(length);
    const buf = this.buf;
    let pos = this.pos;
    if (length <= 256) {
      for (let i = start; i < end; i++) buf[pos++] = bytes[i]!;
      this.pos = pos;
      return;
    }
    buf.set(start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end), pos);
    this.pos = pos + length;
  }

  /**
   * Copies bytes [start, end) of `source` four at a time through DataViews: for the small
   * pre-encoded pieces written into every span (its kind, its trace's attributes), where a
   * byte loop costs several times more and `set` would need a subarray view per call.
   */
  rawWords(source: ByteView, start: number, end: number): void {
    this.ensure(end - start);
    const from = source.view;
    const to = this.view;
    let pos = this.pos;
    let i = start;
    for (const last = end - 4; i <= last; i += 4, pos += 4) to.setInt32(pos, from.getInt32(i));
    if (i < end) {
      const buf = this.buf;
      const bytes = source.buf;
      for (; i < end; i++) buf[pos++] = bytes[i]!;
    }
    this.pos = pos;
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    this.utf8 = undefined;
    this.words = undefined;
  }

  varint(value: number): void {
    this.ensure(10);
    // Values here are non-negative and below 2^53.
    while (value > 0x7f) {
      this.buf[this.pos++] = (value & 0x7f) | 0x80;
      value = value > 0xffffffff ? Math.floor(value / 128) : value >>> 7;
    }
    this.buf[this.pos++] = value;
  }

  tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  /** int64 field (wire type 0); negative values take the 10-byte two's complement form. */
  int64(field: number, value: number | bigint): void {
    this.tag(field, 0);
    if (typeof value === "number" && value >= 0 && Number.isSafeInteger(value)) {
      this.varint(value);
      return;
    }
    let big = BigInt.asUintN(64, BigInt(value));
    this.ensure(10);
    while (big > 0x7fn) {
      this.buf[this.pos++] = Number(big & 0x7fn) | 0x80;
      big >>= 7n;
    }
    this.buf[this.pos++] = Number(big);
  }

  double(field: number, value: number): void {
    this.tag(field, 1);
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  bool(field: number, value: boolean): void {
    this.tag(field, 0);
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
  }

  /**
   * fixed64 of `micros × 1000` (nanoseconds), computed exactly in two 32-bit halves:
   * splitting at 2^32 and scaling by 1000 stay exact below 2^53, and `>>> 0` keeps the low
   * 32 bits exactly (a floating-point `%` is a library call).
   */
  fixed64NanosFromMicros(field: number, micros: number): void {
    this.tag(field, 1);
    this.ensure(8);
    const highMicros = Math.floor(micros / 0x100000000);
    const low = (micros - highMicros * 0x100000000) * 1000;
    this.view.setUint32(this.pos, low >>> 0, true);
    this.view.setUint32(this.pos + 4, (highMicros * 1000 + Math.floor(low / 0x100000000)) >>> 0, true);
    this.pos += 8;
  }

  string(field: number, value: string): void {
    this.tag(field, 2);
    if (value.length < 64) {
      this.shortString(value);
      return;
    }
    const maxBytes = value.length * 3;
    const reserve = varintSize(maxBytes);
    this.ensure(reserve + maxBytes);
    const start = this.pos + reserve;
    if (utf8TargetFor) {
      const utf8 = (this.utf8 ??= utf8TargetFor(this.buf));
      this.closeLength(this.pos, reserve, utf8.write(value, start, this.buf.length - start, "utf8"));
      return;
    }
    const { written } = encoder.encodeInto(value, this.buf.subarray(start));
    this.closeLength(this.pos, reserve, written);
  }

  /**
   * UTF-8 of `value` with no tag or length (JSON text being built). The caller has ensured
   * room for `value.length * 3` bytes.
   */
  utf8Text(value: string): void {
    if (value.length >= 64) {
      if (utf8TargetFor) {
        const utf8 = (this.utf8 ??= utf8TargetFor(this.buf));
        this.pos += utf8.write(value, this.pos, this.buf.length - this.pos, "utf8");
      } else {
        this.pos += encoder.encodeInto(value, this.buf.subarray(this.pos)).written;
      }
      return;
    }
    this.pos = writeUtf8(this.buf, this.pos, value);
  }

  /** A string known to be ASCII (one byte per character), no tag or length; room ensured by the caller. */
  asciiText(value: string): void {
    if (utf8TargetFor) {
      const utf8 = (this.utf8 ??= utf8TargetFor(this.buf));
      this.pos += utf8.write(value, this.pos, this.buf.length - this.pos, "latin1");
      return;
    }
    this.utf8Text(value);
  }

  /**
   * Whether the bytes from `start` to the current position (ASCII) hold none that JSON
   * escapes: a control (< 0x20), a quote or a backslash. Four bytes at a time, by the
   * "has a byte less than n / equal to c" bit tricks on 32-bit words, simplified for bytes
   * below 0x80 (no `& ~x` needed) and or-ed together without a branch per word: a string
   * with something to escape is written again anyway, so an early exit saves little.
   */
  plainSince(start: number): boolean {
    const buf = this.buf;
    const end = this.pos;
    let i = start;
    for (; i < end && (buf.byteOffset + i) & 3; i++) if (!plainByte(buf[i]!)) return false;
    const words = (this.words ??= new Int32Array(buf.buffer, 0, buf.buffer.byteLength >> 2));
    const lastWord = (buf.byteOffset + end) >> 2;
    let flags = 0;
    for (let w = (buf.byteOffset + i) >> 2; w < lastWord; w++) {
      const x = words[w]!;
      // A byte below 0x20 (or equal to the quote, the backslash once xor-ed) borrows and sets its top bit.
      flags |= (x - 0x20202020) | ((x ^ 0x22222222) - 0x01010101) | ((x ^ 0x5c5c5c5c) - 0x01010101);
    }
    if (flags & 0x80808080) return false;
    for (i = Math.max(i, (lastWord << 2) - buf.byteOffset); i < end; i++) if (!plainByte(buf[i]!)) return false;
    return true;
  }

  /** One byte, no tag (JSON punctuation). */
  byte(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  /**
   * Length + UTF-8 of a short string, encoded by hand: encodeInto would need a subarray
   * view (an allocation) per string, which for keys, ids and names costs more than the copy.
   */
  private shortString(value: string): void {
    this.ensure(2 + value.length * 3);
    const buf = this.buf;
    const lengthAt = this.pos;
    // < 64 UTF-16 units → < 192 bytes → the length takes 1 or 2 bytes; fixed below
    const pos = writeUtf8(buf, lengthAt + 1, value);
    const length = pos - lengthAt - 1;
    if (length < 0x80) {
      buf[lengthAt] = length;
      this.pos = pos;
    } else {
      buf.copyWithin(lengthAt + 2, lengthAt + 1, pos);
      buf[lengthAt] = (length & 0x7f) | 0x80;
      buf[lengthAt + 1] = length >> 7;
      this.pos = pos + 1;
    }
  }

  /** An 8-byte id field (field 1-15) from two big-endian 32-bit words. */
  id64(field: number, hi: number, lo: number): void {
    this.ensure(10);
    const buf = this.buf;
    buf[this.pos] = (field << 3) | 2;
    buf[this.pos + 1] = 8;
    this.pos = word(buf, word(buf, this.pos + 2, hi), lo);
  }

  /** A 16-byte id field (field 1-15) from four big-endian 32-bit words. */
  id128(field: number, w0: number, w1: number, w2: number, w3: number): void {
    this.ensure(18);
    const buf = this.buf;
    buf[this.pos] = (field << 3) | 2;
    buf[this.pos + 1] = 16;
    this.pos = word(buf, word(buf, word(buf, word(buf, this.pos + 2, w0), w1), w2), w3);
  }

  /** Hex id → bytes field (ids are validated lowercase hex). */
  hexBytes(field: number, hex: string): void {
    this.tag(field, 2);
    const length = hex.length >> 1;
    this.varint(length);
    this.ensure(length);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < hex.length; i += 2) buf[pos++] = (nibble(hex.charCodeAt(i)) << 4) | nibble(hex.charCodeAt(i + 1));
    this.pos = pos;
  }

  /**
   * Starts a nested message; pass the returned mark to {@link end}. One byte is reserved
   * for the length (most attributes are under 128 bytes, so nothing moves); a longer body
   * is moved right by the extra length bytes once, in end().
   */
  begin(field: number): number {
    this.tag(field, 2);
    this.ensure(1);
    const mark = this.pos;
    this.pos += 1;
    return mark;
  }

  /** Starts a message known to be large (a span, a batch): 3 bytes reserved (up to 2 MiB without moving). */
  beginLarge(field: number): number {
    this.tag(field, 2);
    this.ensure(3);
    const mark = this.pos;
    this.pos += 3;
    return -mark - 1; // negative: tells end() that 3 bytes were reserved
  }

  /** Starts a nested message with `reserved` bytes (1-3) kept for its length; close it with {@link endReserved}. */
  beginReserved(field: number, reserved: number): number {
    this.tag(field, 2);
    this.ensure(reserved);
    const mark = this.pos;
    this.pos += reserved;
    return mark;
  }

  endReserved(mark: number, reserved: number): void {
    this.closeLength(mark, reserved, this.pos - mark - reserved);
  }

  end(mark: number): void {
    if (mark < 0) {
      const at = -mark - 1;
      this.closeLength(at, 3, this.pos - at - 3);
    } else {
      this.closeLength(mark, 1, this.pos - mark - 1);
    }
  }

  /** Writes `length` as a varint at `mark`, moving the body if it needs more or fewer than `reserved` bytes. */
  private closeLength(mark: number, reserved: number, length: number): void {
    const needed = varintSize(length);
    const bodyStart = mark + reserved;
    if (needed > reserved) this.ensure(needed - reserved);
    if (needed !== reserved) this.buf.copyWithin(mark + needed, bodyStart, bodyStart + length);
    let at = mark;
    let value = length;
    while (value > 0x7f) {
      this.buf[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    this.buf[at] = value;
    this.pos = mark + needed + length;
  }
}

function plainByte(c: number): boolean {
  return c >= 0x20 && c !== 0x22 && c !== 0x5c;
}

function word(buf: Uint8Array, pos: number, value: number): number {
  buf[pos] = value >>> 24;
  buf[pos + 1] = (value >>> 16) & 255;
  buf[pos + 2] = (value >>> 8) & 255;
  buf[pos + 3] = value & 255;
  return pos + 4;
}

/** '0'-'9' → 0-9, 'a'-'f' → 10-15. */
function nibble(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Reads the fields of a protobuf message we care about (responses are tiny). */
export function readProtoFields(bytes: Uint8Array, visit: (field: number, wireType: number, value: number | Uint8Array) => void): void {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= bytes.length) throw new Error("truncated varint");
      const byte = bytes[pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (wireType === 0) visit(field, wireType, varint());
    else if (wireType === 2) {
      const length = varint();
      if (pos + length > bytes.length) throw new Error("truncated field");
      visit(field, wireType, bytes.subarray(pos, pos + length));
      pos += length;
    } else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

/**
 * UTF-8 of `value` into `buf` at `pos` (room for `value.length * 3` bytes ensured by the
 * caller), by hand: for short strings a view per string for encodeInto costs more than the
 * loop. A lone surrogate becomes U+FFFD, as TextEncoder does. Returns the position after.
 */
function writeUtf8(buf: Uint8Array, pos: number, value: string): number {
  for (let i = 0; i < value.length; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) buf[pos++] = c;
    else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < value.length) {
        const next = value.charCodeAt(i + 1);
        if (next >= 0xdc00 && next < 0xe000) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          buf[pos++] = 0xf0 | (c >> 18);
          buf[pos++] = 0x80 | ((c >> 12) & 63);
          buf[pos++] = 0x80 | ((c >> 6) & 63);
          buf[pos++] = 0x80 | (c & 63);
          continue;
        }
      }
      if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 63);
      buf[pos++] = 0x80 | (c & 63);
    }
  }
  return pos;
}
