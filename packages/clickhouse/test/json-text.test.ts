import { describe, expect, it } from "vitest";
import { ByteBuffer } from "../src/writer/byte-buffer";
import { writeJsonText } from "../src/writer/json-text";

/** The JSON text writeJsonText gives for `value` (undefined when it declines), written after `offset` bytes of padding. */
function jsonText(value: unknown, offset = 0): string | undefined {
  const out = new ByteBuffer(16);
  out.reserve(offset);
  out.at = offset;
  if (!writeJsonText(out, value)) return undefined;
  const bytes = out.bytes().subarray(offset);
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

const ESCAPED = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f"];

describe("JSON text written in place", () => {
  it("is JSON.stringify's text for plain data: scalars, nesting, holes, multi-byte text, escapes", () => {
    const values: unknown[] = [
      null, true, false, 0, -0, 1.5, -2e-7, 1e21, 2 ** 53, NaN, Infinity, -Infinity,
      "", "plain", "ü and 名前 and 🙂", "x".repeat(5000),
      [], {}, [1, "a", null, [true, {}]], [undefined, () => 1, Symbol("s")],
      { a: 1, b: undefined, c: () => 2, d: { e: [{ f: "g" }] }, "dotted.key.0": "v", "": "empty key", "quo\"te": "k" },
      { messages: [{ role: "user", content: "line one\nline \"two\"\t\\ end" }] },
      Object.assign(Object.create(null), { noPrototype: 1 }),
      JSON.parse('{"__proto__": {"x": 1}}'),
    ];
    for (const value of values) expect(jsonText(value), String(JSON.stringify(value))).toBe(JSON.stringify(value));
  });

  it("escapes every character JSON must, wherever it falls in a long string (word boundaries of the fast scan)", () => {
    for (const special of ESCAPED) {
      for (const length of [31, 32, 33, 64, 67, 700]) {
        for (let at = 0; at < length; at += Math.max(1, Math.floor(length / 9))) {
          const text = "a".repeat(at) + special + "b".repeat(length - at - 1);
          for (const offset of [0, 1, 2, 3]) expect(jsonText(text, offset)).toBe(JSON.stringify(text));
        }
      }
    }
    const dense = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? ESCAPED[i % ESCAPED.length] : i % 11 === 0 ? "é" : "z")).join("");
    expect(jsonText(dense)).toBe(JSON.stringify(dense));
    expect(jsonText(JSON.stringify({ nested: "json in a string", n: [1, 2] }).repeat(50))).toBe(JSON.stringify(JSON.stringify({ nested: "json in a string", n: [1, 2] }).repeat(50)));
  });

  it("leaves bytes of 0x7f and above alone, and writes a lone surrogate as U+FFFD", () => {
    expect(jsonText("del \u007f é")).toBe(JSON.stringify("del \u007f é"));
    expect(JSON.parse(jsonText("half \ud83d of an emoji, long enough for the native copy path")!)).toBe("half \ufffd of an emoji, long enough for the native copy path");
    expect(JSON.parse(jsonText("lone \ude00")!)).toBe("lone \ufffd");
  });

  it("declines what is not plain data, so the caller can use JSON.stringify's own rules", () => {
    expect(jsonText(new Date(0))).toBeUndefined();
    expect(jsonText({ when: new Map() })).toBeUndefined();
    expect(jsonText({ toJSON: () => "x" })).toBeUndefined();
    expect(jsonText(10n)).toBeUndefined();
    expect(jsonText(undefined)).toBeUndefined();
    let deep: unknown = "bottom";
    for (let i = 0; i < 500; i++) deep = [deep];
    expect(jsonText(deep)).toBeUndefined();
  });
});
