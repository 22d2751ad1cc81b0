import { randomUUID } from "node:crypto";
import type { Prisma } from "@/server/db-types";
import { randomToken, sha256Hex } from "./tokens";

export const SESSION_COOKIE = "sl_session";
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
}

/** Creates a login session; returns the cookie token (only its SHA-256 is stored). */
export async function createSession(
  prisma: Prisma,
  userId: string,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await prisma.authSession.create({
    data: { id: randomUUID(), tokenHash: sha256Hex(token), userId, expiresAt },
  });
  return { token, expiresAt };
}

/** The user a session token belongs to, or null when unknown or expired. */
export async function findSessionUser(
  prisma: Prisma,
  token: string | undefined | null,
  now: Date = new Date(),
): Promise<SessionUser | null> {
  if (!token || token.length > 200) return null;
  const session = await prisma.authSession.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: { user: { select: { id: true, email: true, name: true } } },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await prisma.authSession.deleteMany({ where: { id: session.id } });
    return null;
  }
  return session.user;
}

export async function deleteSession(prisma: Prisma, token: string | undefined | null): Promise<void> {
  if (!token) return;
  await prisma.authSession.deleteMany({ where: { tokenHash: sha256Hex(token) } });
}

/** Reads one cookie value from a Cookie header. */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
