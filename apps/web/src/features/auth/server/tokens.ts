import { createHash, randomBytes } from "node:crypto";

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * SHA-256 hex of a high-entropy random token (session tokens, API secrets). A fast hash
 * is right here: the input has ≥ 256 bits of entropy, so it cannot be brute-forced, and
 * lookups by hash stay cheap on every request. Passwords use argon2id instead.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
