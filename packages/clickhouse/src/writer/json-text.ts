import { ByteBuffer } from "./byte-buffer";

/*
 * JSON text of plain data written straight into a ByteBuffer as UTF-8: the same JSON value
 * JSON.stringify gives, without its intermediate string and a second pass to encode it.
 * On Node 20, JSON.stringify of a 700-character string costs ~2.3 µs and copying it as
 * UTF-8 ~0.15 µs: here a long string is copied natively, then its bytes are scanned for
 * what JSON escapes. A lone surrogate becomes U+FFFD (Buffer's UTF-8 encoder does that),
 * as wellFormedJson does to JSON.stringify's `\udXXX` escapes.
 *
 * Only plain data takes this path: null, booleans, numbers, strings, and arrays and objects
 * whose prototype is Array.prototype, Object.prototype or null, without toJSON, nested at
 * most MAX_DEPTH deep. For anything else writeJsonText returns false and the caller
 * discards what was written and falls back to JSON.stringify.
 */

const MAX_DEPTH = 128;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Below this length a string is written by the character loop, cheaper than a native call. */
const SHORT = 32;
const HEX = "0123456789abcdef";
const hasOwn = Object.prototype.hasOwnProperty;
const objectPrototype = Object.prototype;
const arrayPrototype = Array.prototype;

/** Appends the JSON text of `value`; false when `value` is not plain data (what was written must be discarded). */
export function writeJsonText(out: ByteBuffer, value: unknown): boolean {
  return writeValue(out, value, 0);
}

function writeValue(out: ByteBuffer, value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
      writeString(out, value);
      return true;
    case "number":
      // JSON.stringify writes non-finite numbers as null and -0 as 0.
      writeAscii(out, Number.isFinite(value) ? (value === 0 ? "0" : String(value)) : "null");
      return true;
    case "boolean":
      writeAscii(out, value ? "true" : "false");
      return true;
    case "object":
      if (value === null) {
        writeAscii(out, "null");
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) return Object.getPrototypeOf(value) === arrayPrototype && writeArray(out, value, depth + 1);
      return writeObject(out, value as Record<string, unknown>, depth + 1);
    default:
      return false; // undefined, a function or a symbol at the top, a BigInt: JSON.stringify's own rules apply
  }
}

function writeArray(out: ByteBuffer, array: unknown[], depth: number): boolean {
  if (typeof (array as { toJSON?: unknown }).toJSON === "function") return false;
  out.byte(0x5b); // [
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out.byte(COMMA);
    const item = array[i];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") writeAscii(out, "null");
    else if (!writeValue(out, item, depth)) return false;
  }
  out.byte(0x5d); // ]
  return true;
}

function writeObject(out: ByteBuffer, object: Record<string, unknown>, depth: number): boolean {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== objectPrototype && prototype !== null) return false;
  if (typeof object.toJSON === "function") return false;
  out.byte(0x7b); // {
  let first = true;
  for (const key in object) {
    if (!hasOwn.call(object, key)) continue;
    const item = object[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    if (!first) out.byte(COMMA);
    first = false;
    writeString(out, key);
    out.byte(COLON);
    if (!writeValue(out, item, depth)) return false;
  }
  out.byte(0x7d); // }
  return true;
}

function writeAscii(out: ByteBuffer, text: string): void {
  out.reserve(text.length);
  const buf = out.buf;
  let at = out.at;
  for (let i = 0; i < text.length; i++) buf[at++] = text.charCodeAt(i);
  out.at = at;
}

/** Index of the first byte in [from, end) that JSON escapes (control, quote, backslash), or `end`. */
function firstToEscape(buf: Buffer, words: Int32Array, from: number, end: number): number {
  let k = from;
  for (; k < end && (k & 3) !== 0; k++) if (needsEscape(buf[k]!)) return k;
  // Four bytes at a time: "some byte < 0x20" and "some byte equals c" (x ^ c·0x01010101 has a
  // zero byte) by the usual word tricks, exact as to whether any byte matches.
  const last = end >> 2;
  let w = k >> 2;
  for (; w < last; w++) {
    const x = words[w]!;
    const q = x ^ 0x22222222;
    const s = x ^ 0x5c5c5c5c;
    if ((((x - 0x20202020) & ~x) | ((q - 0x01010101) & ~q) | ((s - 0x01010101) & ~s)) & 0x80808080) break;
  }
  for (k = Math.max(k, w << 2); k < end; k++) if (needsEscape(buf[k]!)) return k;
  return end;
}

/** Writes the JSON escape of byte `b` (a control character, quote or backslash) at `at`; returns the new end. */
function writeEscape(buf: Buffer, at: number, b: number): number {
  buf[at++] = BACKSLASH;
  if (b === QUOTE || b === BACKSLASH) buf[at++] = b;
  else if (b === 0x0a) buf[at++] = 0x6e; // \n
  else if (b === 0x09) buf[at++] = 0x74; // \t
  else if (b === 0x0d) buf[at++] = 0x72; // \r
  else if (b === 0x08) buf[at++] = 0x62; // \b
  else if (b === 0x0c) buf[at++] = 0x66; // \f
  else {
    buf[at++] = 0x75; // u00XX
    buf[at++] = 0x30;
    buf[at++] = 0x30;
    buf[at++] = HEX.charCodeAt(b >> 4);
    buf[at++] = HEX.charCodeAt(b & 15);
  }
  return at;
}

/** Where the part of a string after its first escape is copied out while it is written back escaped. */
const scratch = new ByteBuffer(64 * 1024);

const needsEscape = (b: number): boolean => b < 0x20 || b === QUOTE || b === BACKSLASH;

function writeString(out: ByteBuffer, value: string): void {
  const n = value.length;
  out.reserve(n * 3 + 2);
  const open = out.at;
  let buf = out.buf;
  buf[open] = QUOTE;
  if (n < SHORT) {
    // Printable ASCII without quote or backslash (keys, roles, names): copied by this loop.
    let at = open + 1;
    let i = 0;
    for (; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c === QUOTE || c === BACKSLASH) break;
      buf[at++] = c;
    }
    if (i === n) {
      buf[at] = QUOTE;
      out.at = at + 1;
      return;
    }
  }
  const start = open + 1;
  const end = start + buf.write(value, start);
  const k = firstToEscape(buf, out.words, start, end);
  if (k === end) {
    buf[end] = QUOTE;
    out.at = end + 1;
    return;
  }
  // Something to escape from byte k on: copy the rest out, then write it back run by run
  // (UTF-8 continuation bytes are ≥ 0x80, so escapes are found byte by byte).
  const rest = end - k;
  scratch.at = 0;
  scratch.reserve(rest);
  const copy = scratch.buf;
  buf.copy(copy, 0, k, end);
  out.at = k;
  out.reserve(rest * 6 + 1);
  buf = out.buf;
  let at = k;
  for (let i = 0; i < rest; ) {
    const next = i === 0 ? 0 : firstToEscape(copy, scratch.words, i, rest);
    if (next - i > 32) at += copy.copy(buf, at, i, next);
    else while (i < next) buf[at++] = copy[i++]!;
    if (next === rest) break;
    at = writeEscape(buf, at, copy[next]!);
    i = next + 1;
  }
  buf[at] = QUOTE;
  out.at = at + 1;
}
