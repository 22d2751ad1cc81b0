import protobuf from "protobufjs";

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lowercase hex of a byte array (ids are 8 or 16 bytes: a table beats toString). */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX_BYTE[bytes[i]!]!;
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !isHex(hex)) throw new Error(`not an even-length hex string: ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    const lower = c >= 97 && c <= 102;
    const upper = c >= 65 && c <= 70;
    if (!digit && !lower && !upper) return false;
  }
  return true;
}

export function bytesToBase64(bytes: Uint8Array): string {
  return protobuf.util.base64.encode(bytes, 0, bytes.length);
}

/** Decodes base64; null when the text is not base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (!protobuf.util.base64.test(text)) return null;
  const out = new Uint8Array(protobuf.util.base64.length(text));
  try {
    protobuf.util.base64.decode(text, out, 0);
  } catch {
    return null;
  }
  return out;
}

/**
 * An id as OTLP/JSON sends it: hex per the spec. Some proto3-JSON encoders send base64
 * instead; a base64 string of exactly the id's byte length (24 chars for 16 bytes, 12 for
 * 8) cannot be valid hex of the right length, so it is accepted and converted.
 * Anything else is returned lowercased as it is, for the mapper to reject with a reason.
 */
export function normalizeJsonId(text: string, byteLength: number): string {
  if (text.length === byteLength * 2 && isHex(text)) return text.toLowerCase();
  if (text.length === Math.ceil(byteLength / 3) * 4 && !isHex(text)) {
    const bytes = base64ToBytes(text);
    if (bytes && bytes.length === byteLength) return bytesToHex(bytes);
  }
  return text.toLowerCase();
}
