import { isAsciiFast, type ProtoWriter } from "./proto-writer.js";

/*
 * JSON text of plain data written straight into a byte buffer as UTF-8, byte for byte what
 * JSON.stringify gives for the same value, without the intermediate strings JSON.stringify
 * builds (over twice the text's size for a kilobyte of messages) nor a second pass to
 * encode its result. Only plain data takes this path: null, booleans, numbers, strings,
 * arrays and objects whose prototype is Array.prototype, Object.prototype or null, without
 * toJSON. Anything else (a Date, a Map, a class instance, a BigInt, a cycle or very deep
 * nesting) makes writeJson return false, and the caller falls back to JSON.stringify
 * (safeStringify), whose semantics it then gets in full.
 */

const MAX_DEPTH = 64;
/**
 * Anything but printable ASCII other than quote and backslash: what may need escaping
 * (quote, backslash, controls, lone surrogates) or more than one byte. A negated class of
 * ASCII ranges scans faster than a class of the characters themselves.
 */
const NOT_PLAIN_ASCII = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
const HEX = "0123456789abcdef";
const hasOwn = Object.prototype.hasOwnProperty;
const objectPrototype = Object.prototype;
const arrayPrototype = Array.prototype;

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Writes the JSON text of `value`; false when `value` is not plain data (what was written must be discarded). */
export function writeJson(w: ProtoWriter, value: unknown): boolean {
  return writeValue(w, value, 0);
}

function writeValue(w: ProtoWriter, value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
      writeString(w, value);
      return true;
    case "number":
      writeNumber(w, value);
      return true;
    case "boolean":
      writeAscii(w, value ? "true" : "false");
      return true;
    case "object":
      if (value === null) {
        writeAscii(w, "null");
        return true;
      }
      if (depth >= MAX_DEPTH) return false;
      if (Array.isArray(value)) return Object.getPrototypeOf(value) === arrayPrototype && writeArray(w, value, depth + 1);
      return writeObject(w, value as Record<string, unknown>, depth + 1);
    default:
      return false; // undefined, a function, a symbol at the top: JSON.stringify has no text; a BigInt: it throws
  }
}

function writeArray(w: ProtoWriter, array: unknown[], depth: number): boolean {
  if (typeof (array as { toJSON?: unknown }).toJSON === "function") return false;
  w.byte(0x5b); // [
  for (let i = 0; i < array.length; i++) {
    if (i > 0) w.byte(COMMA);
    const item = array[i];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") writeAscii(w, "null");
    else if (!writeValue(w, item, depth)) return false;
  }
  w.byte(0x5d); // ]
  return true;
}

function writeObject(w: ProtoWriter, object: Record<string, unknown>, depth: number): boolean {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== objectPrototype && prototype !== null) return false;
  if (typeof object.toJSON === "function") return false;
  w.byte(0x7b); // {
  let first = true;
  for (const key in object) {
    if (!hasOwn.call(object, key)) continue;
    const item = object[key];
    if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
    if (!first) w.byte(COMMA);
    first = false;
    writeString(w, key);
    w.byte(COLON);
    if (!writeValue(w, item, depth)) return false;
  }
  w.byte(0x7d); // }
  return true;
}

function writeNumber(w: ProtoWriter, value: number): void {
  // JSON.stringify writes non-finite numbers as null, and finite ones as String() does (-0 as 0).
  writeAscii(w, Number.isFinite(value) ? (value === 0 ? "0" : String(value)) : "null");
}

function writeAscii(w: ProtoWriter, text: string): void {
  w.ensure(text.length);
  const buf = w.buf;
  let pos = w.pos;
  for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
  w.pos = pos;
}

function writeString(w: ProtoWriter, value: string): void {
  // A long string is checked by one regular expression scan and copied natively; a short
  // one (keys, roles, names) goes through the loop below, cheaper than the scan's call.
  if (value.length >= 64) {
    const ascii = isAsciiFast(value);
    if (ascii === true) {
      // Node: ASCII (a native UTF-8 length count says so), copied natively, then its bytes
      // checked four at a time for what JSON escapes; on a find, written again below.
      w.ensure(2 + value.length);
      const open = w.pos;
      w.buf[w.pos++] = QUOTE;
      w.asciiText(value);
      if (w.plainSince(open + 1)) {
        w.buf[w.pos++] = QUOTE;
        return;
      }
      w.pos = open;
    } else if (ascii === undefined && !NOT_PLAIN_ASCII.test(value)) {
      w.ensure(2 + value.length);
      w.buf[w.pos++] = QUOTE;
      w.asciiText(value);
      w.buf[w.pos++] = QUOTE;
      return;
    }
  }
  w.ensure(2 + value.length * 6);
  const buf = w.buf;
  let pos = w.pos;
  buf[pos++] = QUOTE;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x20 && c < 0x80) {
      if (c === QUOTE || c === 0x5c) buf[pos++] = 0x5c;
      buf[pos++] = c;
    } else if (c < 0x20) {
      buf[pos++] = 0x5c;
      if (c === 0x08) buf[pos++] = 0x62; // \b
      else if (c === 0x09) buf[pos++] = 0x74; // \t
      else if (c === 0x0a) buf[pos++] = 0x6e; // \n
      else if (c === 0x0c) buf[pos++] = 0x66; // \f
      else if (c === 0x0d) buf[pos++] = 0x72; // \r
      else pos = writeUnicodeEscape(buf, pos, c);
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 63);
    } else if (c >= 0xd800 && c < 0xe000) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        buf[pos++] = 0xf0 | (point >> 18);
        buf[pos++] = 0x80 | ((point >> 12) & 63);
        buf[pos++] = 0x80 | ((point >> 6) & 63);
        buf[pos++] = 0x80 | (point & 63);
      } else {
        buf[pos++] = 0x5c;
        pos = writeUnicodeEscape(buf, pos, c); // a lone surrogate, escaped as well-formed JSON.stringify does
      }
    } else {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 63);
      buf[pos++] = 0x80 | (c & 63);
    }
  }
  buf[pos++] = QUOTE;
  w.pos = pos;
}

/** `uXXXX` (the backslash is already written), lowercase hex as JSON.stringify writes it. */
function writeUnicodeEscape(buf: Uint8Array, pos: number, c: number): number {
  buf[pos++] = 0x75; // u
  buf[pos++] = HEX.charCodeAt((c >> 12) & 15);
  buf[pos++] = HEX.charCodeAt((c >> 8) & 15);
  buf[pos++] = HEX.charCodeAt((c >> 4) & 15);
  buf[pos++] = HEX.charCodeAt(c & 15);
  return pos;
}
