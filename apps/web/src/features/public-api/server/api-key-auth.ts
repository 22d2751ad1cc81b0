import { timingSafeEqual } from "node:crypto";
import { hashSecret } from "@/features/api-keys/server/keys";
import { sha256Hex } from "@/features/auth/server/tokens";
import type { Prisma } from "@/server/db-types";

/** `publicKey` names the key where an action is recorded (e.g. as a score's author). */
export type ApiKeyAuth = { ok: true; projectId: string; keyId: string; publicKey: string } | { ok: false; reason: string };

// Ingest authenticates every request: resolved keys are cached briefly so Postgres is not
// asked each time. A revoked key therefore keeps working for at most CACHE_TTL_MS.
const CACHE_TTL_MS = 30_000;
const CACHE_MAX = 10_000;
const LAST_USED_EVERY_MS = 60_000;

interface Cached {
  result: ApiKeyAuth;
  expires: number;
}
const state = ((globalThis as { __slApiKeyAuth?: { cache: Map<string, Cached>; lastUsed: Map<string, number> } }).__slApiKeyAuth ??= {
  cache: new Map(),
  lastUsed: new Map(),
});

/** Forget cached key lookups (tests; after revoking a key in this process). */
export function clearApiKeyCache(): void {
  state.cache.clear();
}

/**
 * Resolves `Authorization: Basic base64(publicKey:secretKey)` or `Bearer <secretKey>` to
 * the key's project. Every failure says why, without revealing whether a public key exists.
 */
export async function authenticateApiKey(prisma: Prisma, header: string | null, now = Date.now()): Promise<ApiKeyAuth> {
  if (!header) return { ok: false, reason: "Missing Authorization header: use Basic base64(publicKey:secretKey) or Bearer <secretKey>." };
  if (header.length > 2000) return { ok: false, reason: "Authorization header is too long." };
  const cacheKey = sha256Hex(header);
  const cached = state.cache.get(cacheKey);
  if (cached && cached.expires > now) return touch(prisma, cached.result, now);

  const result = await lookup(prisma, header);
  if (state.cache.size >= CACHE_MAX) state.cache.clear();
  state.cache.set(cacheKey, { result, expires: now + CACHE_TTL_MS });
  return touch(prisma, result, now);
}

async function lookup(prisma: Prisma, header: string): Promise<ApiKeyAuth> {
  const space = header.indexOf(" ");
  const scheme = header.slice(0, space).toLowerCase();
  const credentials = header.slice(space + 1).trim();
  if (space < 0 || !credentials) return { ok: false, reason: "Malformed Authorization header." };

  if (scheme === "bearer") {
    const key = await prisma.apiKey.findUnique({ where: { secretHash: hashSecret(credentials) } });
    if (!key) return { ok: false, reason: "Unknown secret key." };
    return key.revokedAt ? { ok: false, reason: "This API key was revoked." } : { ok: true, projectId: key.projectId, keyId: key.id, publicKey: key.publicKey };
  }
  if (scheme === "basic") {
    let decoded: string;
    try {
      decoded = Buffer.from(credentials, "base64").toString("utf8");
    } catch {
      return { ok: false, reason: "Basic credentials are not valid base64." };
    }
    const colon = decoded.indexOf(":");
    if (colon <= 0) return { ok: false, reason: "Basic credentials must be base64(publicKey:secretKey)." };
    const publicKey = decoded.slice(0, colon);
    const secretKey = decoded.slice(colon + 1);
    const key = await prisma.apiKey.findUnique({ where: { publicKey } });
    const given = Buffer.from(hashSecret(secretKey), "hex");
    // Compare even when the key is unknown, so timing does not reveal which public keys exist.
    const stored = Buffer.from(key?.secretHash ?? "0".repeat(64), "hex");
    const match = stored.length === given.length && timingSafeEqual(stored, given);
    if (!key || !match) return { ok: false, reason: "Invalid public key or secret key." };
    return key.revokedAt ? { ok: false, reason: "This API key was revoked." } : { ok: true, projectId: key.projectId, keyId: key.id, publicKey: key.publicKey };
  }
  return { ok: false, reason: `Unsupported Authorization scheme "${scheme}": use Basic or Bearer.` };
}

/** Records last use at most once a minute per key, off the request's path. */
function touch(prisma: Prisma, result: ApiKeyAuth, now: number): ApiKeyAuth {
  if (result.ok && now - (state.lastUsed.get(result.keyId) ?? 0) >= LAST_USED_EVERY_MS) {
    state.lastUsed.set(result.keyId, now);
    prisma.apiKey.update({ where: { id: result.keyId }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return result;
}
