import type { Prisma } from "@/server/db-types";
import { LoginThrottle } from "./login-throttle";
import { dummyPasswordHash, verifyPassword } from "./passwords";
import { createSession, type SessionUser } from "./sessions";

export type LoginResult =
  | { ok: true; user: SessionUser; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" | "throttled" };

/** The one message a person sees for any failed login: it never says which part was wrong. */
export const LOGIN_FAILED_MESSAGE = "Invalid email or password.";

/** Longer inputs are refused without a lookup (argon2 would still hash a huge password). */
export const MAX_EMAIL_LENGTH = 320;
export const MAX_PASSWORD_LENGTH = 1024;

/** "Too many attempts, try again in N minutes." for a throttle that lifts in `retryAfterMs`. */
export function throttledMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

const defaultThrottle = new LoginThrottle();

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The user whose email and password these are, or null. An unknown email (or an input
 * too long to be real) still runs one argon2 verification, against a dummy hash, so
 * "no such account" and "wrong password" take the same time.
 */
export async function checkCredentials(prisma: Prisma, email: string, password: string): Promise<SessionUser | null> {
  const normalized = normalizeEmail(email);
  const plausible = normalized !== "" && normalized.length <= MAX_EMAIL_LENGTH && password.length <= MAX_PASSWORD_LENGTH;
  const user = plausible ? await prisma.user.findUnique({ where: { email: normalized } }) : null;
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), plausible ? password : "");
  return user && passwordOk ? { id: user.id, email: user.email, name: user.name } : null;
}

const emailKey = (email: string) => `email:${normalizeEmail(email)}`;

/** Throttle keys for an attempt: one per email, one per client address when known. */
function throttleKeys(email: string, clientAddress: string | undefined): string[] {
  return [emailKey(email), ...(clientAddress ? [`addr:${clientAddress}`] : [])];
}

/** How long until this email/address may try again (0 when not throttled). */
export function loginRetryAfterMs(
  credentials: { email: string; clientAddress?: string },
  throttle: LoginThrottle = defaultThrottle,
  now = Date.now(),
): number {
  return Math.max(0, ...throttleKeys(credentials.email, credentials.clientAddress).map((key) => throttle.retryAfterMs(key, now)));
}

/**
 * Checks email + password and opens a session. Failures are throttled per email (so
 * guessing one account from many addresses is bounded) and per client address (so one
 * address cannot spray many accounts); a throttled attempt is refused before any lookup.
 */
export async function logIn(
  prisma: Prisma,
  credentials: { email: string; password: string; clientAddress?: string },
  throttle: LoginThrottle = defaultThrottle,
): Promise<LoginResult> {
  const keys = throttleKeys(credentials.email, credentials.clientAddress);
  if (keys.some((key) => throttle.isBlocked(key))) return { ok: false, reason: "throttled" };

  const user = await checkCredentials(prisma, credentials.email, credentials.password);
  if (!user) {
    for (const key of keys) throttle.recordFailure(key);
    return { ok: false, reason: "invalid" };
  }
  throttle.reset(emailKey(credentials.email));
  const { token, expiresAt } = await createSession(prisma, user.id);
  return { ok: true, user, token, expiresAt };
}
