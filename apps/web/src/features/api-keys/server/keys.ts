import { randomToken, sha256Hex } from "@/features/auth/server/tokens";

export const PUBLIC_KEY_PREFIX = "pk-sl-";
export const SECRET_KEY_PREFIX = "sk-sl-";
const KEY_BODY = /^[A-Za-z0-9_-]{16,200}$/;

export interface KeyPair {
  publicKey: string;
  secretKey: string;
}

/** A new key pair; the secret carries 256 bits of entropy. */
export function generateKeyPair(): KeyPair {
  return { publicKey: PUBLIC_KEY_PREFIX + randomToken(16), secretKey: SECRET_KEY_PREFIX + randomToken(32) };
}

/** Why a key string is not one of ours, or null when it is well-formed. */
export function keyFormatProblem(key: string, kind: "public" | "secret"): string | null {
  const prefix = kind === "public" ? PUBLIC_KEY_PREFIX : SECRET_KEY_PREFIX;
  if (!key.startsWith(prefix)) return `a ${kind} key starts with "${prefix}"`;
  if (!KEY_BODY.test(key.slice(prefix.length))) return `a ${kind} key is "${prefix}" followed by 16 to 200 letters, digits, "-" or "_"`;
  return null;
}

/** What is stored of a secret: its SHA-256 (see tokens.ts for why a fast hash is right). */
export const hashSecret = sha256Hex;

/** The first and last characters of a secret, to tell keys apart in lists. */
export function secretPreview(secretKey: string): string {
  return `${secretKey.slice(0, SECRET_KEY_PREFIX.length + 4)}…${secretKey.slice(-4)}`;
}
