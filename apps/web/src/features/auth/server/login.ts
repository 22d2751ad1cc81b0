import type { Prisma } from "@/server/db-types";
import { LoginThrottle } from "./login-throttle";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { createSession, type SessionUser } from "./sessions";

export type LoginResult =
  | { ok: true; user: SessionUser; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" | "throttled" };

/** The one message a person sees for any failed login: it never says which part was wrong. */
export const LOGIN_FAILED_MESSAGE = "Invalid email or password.";
export const LOGIN_THROTTLED_MESSAGE = "Too many failed sign-in attempts. Try again in a few minutes.";

const defaultThrottle = new LoginThrottle();

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks email + password and opens a session. An unknown email still runs one argon2
 * verification (against a dummy hash) so both failures cost the same time. Failures are
 * throttled per email and per client address.
 */
export async function logIn(
  prisma: Prisma,
  credentials: { email: string; password: string; clientAddress?: string },
  throttle: LoginThrottle = defaultThrottle,
): Promise<LoginResult> {
  const email = normalizeEmail(credentials.email);
  const keys = [`email:${email}`, ...(credentials.clientAddress ? [`addr:${credentials.clientAddress}`] : [])];
  if (keys.some((key) => throttle.isBlocked(key))) return { ok: false, reason: "throttled" };

  const user =
    email && email.length <= 320 && credentials.password.length <= 1024
      ? await prisma.user.findUnique({ where: { email } })
      : null;
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), credentials.password);
  if (!user || !passwordOk) {
    for (const key of keys) throttle.recordFailure(key);
    return { ok: false, reason: "invalid" };
  }
  throttle.reset(`email:${email}`);
  const { token, expiresAt } = await createSession(prisma, user.id);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, token, expiresAt };
}
