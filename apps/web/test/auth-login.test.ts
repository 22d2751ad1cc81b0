import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseConfigFromEnv, openDatabase, type Database } from "@sightline/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCredentials, logIn, loginRetryAfterMs, throttledMessage } from "@/features/auth/server/login";
import { LoginThrottle } from "@/features/auth/server/login-throttle";
import { hashPassword } from "@/features/auth/server/passwords";
import { clientAddress, requestIsHttps } from "@/features/auth/server/request-headers";
import { findSessionUser } from "@/features/auth/server/sessions";
import { sha256Hex } from "@/features/auth/server/tokens";

// The parts of login that do not need Next's request scope: the credential check and the
// session it opens (on a real embedded Postgres), the throttle, and the header readers the
// server action uses for the cookie's Secure flag and the client address.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-login-"));
const EMAIL = "ada@login.test";
const PASSWORD = "correct horse battery staple";
let db: Database;
let userId: string;

beforeAll(async () => {
  db = await openDatabase(databaseConfigFromEnv({} as NodeJS.ProcessEnv, dataDir));
  userId = randomUUID();
  await db.prisma.user.create({ data: { id: userId, email: EMAIL, name: "Ada", passwordHash: await hashPassword(PASSWORD) } });
}, 120_000);

afterAll(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("checkCredentials", () => {
  it("accepts the right password, whatever the email's case and surrounding spaces", async () => {
    expect(await checkCredentials(db.prisma, EMAIL, PASSWORD)).toEqual({ id: userId, email: EMAIL, name: "Ada" });
    expect(await checkCredentials(db.prisma, `  ${EMAIL.toUpperCase()} `, PASSWORD)).toMatchObject({ id: userId });
  });

  it("refuses a wrong password, an unknown email, and inputs too long to be real", async () => {
    expect(await checkCredentials(db.prisma, EMAIL, `${PASSWORD}!`)).toBeNull();
    expect(await checkCredentials(db.prisma, EMAIL, PASSWORD.toUpperCase())).toBeNull();
    expect(await checkCredentials(db.prisma, "nobody@login.test", PASSWORD)).toBeNull();
    expect(await checkCredentials(db.prisma, "", PASSWORD)).toBeNull();
    expect(await checkCredentials(db.prisma, EMAIL, "")).toBeNull();
    expect(await checkCredentials(db.prisma, EMAIL, PASSWORD + " ".repeat(1024))).toBeNull();
    expect(await checkCredentials(db.prisma, `${"a".repeat(320)}@login.test`, PASSWORD)).toBeNull();
  });
});

describe("logIn", () => {
  it("opens a session whose token is stored only as its SHA-256", async () => {
    const result = await logIn(db.prisma, { email: EMAIL, password: PASSWORD }, new LoginThrottle());
    if (!result.ok) throw new Error(`login failed: ${result.reason}`);
    expect(result.user.id).toBe(userId);
    expect(await db.prisma.authSession.count({ where: { tokenHash: sha256Hex(result.token) } })).toBe(1);
    expect(await db.prisma.authSession.count({ where: { tokenHash: result.token } })).toBe(0);
    expect((await findSessionUser(db.prisma, result.token))?.id).toBe(userId);
  });

  it("says only 'invalid' for a wrong password or an unknown email, and opens no session", async () => {
    const before = await db.prisma.authSession.count();
    const throttle = new LoginThrottle();
    expect(await logIn(db.prisma, { email: EMAIL, password: "wrong-password" }, throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await logIn(db.prisma, { email: "ghost@login.test", password: PASSWORD }, throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await db.prisma.authSession.count()).toBe(before);
  });

  it("throttles an email after the limit, even with the right password, and says for how long", async () => {
    const throttle = new LoginThrottle(3);
    for (let i = 0; i < 3; i++) {
      expect((await logIn(db.prisma, { email: EMAIL, password: `guess-${i}` }, throttle)).ok).toBe(false);
    }
    expect(await logIn(db.prisma, { email: EMAIL.toUpperCase(), password: PASSWORD }, throttle)).toEqual({ ok: false, reason: "throttled" });
    const retryAfter = loginRetryAfterMs({ email: EMAIL }, throttle);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60_000);
    expect(throttledMessage(retryAfter)).toMatch(/^Too many attempts, try again in \d+ minutes?\.$/);
    expect(loginRetryAfterMs({ email: "someone-else@login.test" }, throttle)).toBe(0);
  });

  it("throttles an address that sprays many accounts, without blocking other addresses", async () => {
    const throttle = new LoginThrottle(3);
    for (let i = 0; i < 3; i++) {
      await logIn(db.prisma, { email: `victim-${i}@login.test`, password: "guess", clientAddress: "203.0.113.9" }, throttle);
    }
    const fromSprayer = await logIn(db.prisma, { email: EMAIL, password: PASSWORD, clientAddress: "203.0.113.9" }, throttle);
    expect(fromSprayer).toEqual({ ok: false, reason: "throttled" });
    expect(loginRetryAfterMs({ email: EMAIL, clientAddress: "203.0.113.9" }, throttle)).toBeGreaterThan(0);
    const fromElsewhere = await logIn(db.prisma, { email: EMAIL, password: PASSWORD, clientAddress: "198.51.100.7" }, throttle);
    expect(fromElsewhere.ok).toBe(true);
  });

  it("forgets an email's failures after a successful login", async () => {
    const throttle = new LoginThrottle(3);
    for (let i = 0; i < 2; i++) await logIn(db.prisma, { email: EMAIL, password: `typo-${i}` }, throttle);
    expect((await logIn(db.prisma, { email: EMAIL, password: PASSWORD }, throttle)).ok).toBe(true);
    for (let i = 0; i < 2; i++) await logIn(db.prisma, { email: EMAIL, password: `typo-again-${i}` }, throttle);
    expect((await logIn(db.prisma, { email: EMAIL, password: PASSWORD }, throttle)).ok).toBe(true);
  });
});

describe("LoginThrottle (with an explicit clock)", () => {
  const WINDOW = 15 * 60_000;
  const t0 = 1_800_000_000_000;

  it("blocks at the limit and lifts when the window that began with the first failure ends", () => {
    const throttle = new LoginThrottle(2, WINDOW);
    throttle.recordFailure("k", t0);
    expect(throttle.isBlocked("k", t0 + 1)).toBe(false);
    throttle.recordFailure("k", t0 + 60_000);
    expect(throttle.isBlocked("k", t0 + 60_000)).toBe(true);
    expect(throttle.retryAfterMs("k", t0 + 60_000)).toBe(WINDOW - 60_000);
    expect(throttle.isBlocked("k", t0 + WINDOW - 1)).toBe(true);
    expect(throttle.isBlocked("k", t0 + WINDOW)).toBe(false);
    expect(throttle.retryAfterMs("k", t0 + WINDOW)).toBe(0);
  });

  it("keeps keys apart and resets one on request", () => {
    const throttle = new LoginThrottle(1, WINDOW);
    throttle.recordFailure("a", t0);
    expect(throttle.isBlocked("a", t0)).toBe(true);
    expect(throttle.isBlocked("b", t0)).toBe(false);
    throttle.reset("a");
    expect(throttle.isBlocked("a", t0)).toBe(false);
  });

  it("bounds its memory: past the key limit it starts over rather than grow", () => {
    const throttle = new LoginThrottle(1, WINDOW, 2);
    throttle.recordFailure("a", t0);
    throttle.recordFailure("b", t0);
    throttle.recordFailure("c", t0);
    expect(throttle.isBlocked("a", t0)).toBe(false);
    expect(throttle.isBlocked("c", t0)).toBe(true);
  });
});

describe("throttledMessage", () => {
  it("rounds the wait up to whole minutes", () => {
    expect(throttledMessage(1)).toBe("Too many attempts, try again in 1 minute.");
    expect(throttledMessage(60_000)).toBe("Too many attempts, try again in 1 minute.");
    expect(throttledMessage(60_001)).toBe("Too many attempts, try again in 2 minutes.");
  });
});

describe("request headers the login action reads", () => {
  const h = (entries: Record<string, string>) => new Headers(entries);

  it("sets Secure for https behind a proxy or from an https origin, not for plain http", () => {
    expect(requestIsHttps(h({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(requestIsHttps(h({ "x-forwarded-proto": "https, http" }))).toBe(true);
    expect(requestIsHttps(h({ forwarded: 'for=192.0.2.60;proto="https";by=203.0.113.43' }))).toBe(true);
    expect(requestIsHttps(h({ origin: "https://sightline.example.com" }))).toBe(true);
    expect(requestIsHttps(h({ origin: "http://localhost:3000" }))).toBe(false);
    expect(requestIsHttps(h({}))).toBe(false);
    // The proxy's word wins over what the browser claims.
    expect(requestIsHttps(h({ "x-forwarded-proto": "http", origin: "https://sightline.example.com" }))).toBe(false);
  });

  it("takes the client address from X-Forwarded-For (first entry) or X-Real-IP", () => {
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientAddress(h({ "x-real-ip": "198.51.100.7" }))).toBe("198.51.100.7");
    expect(clientAddress(h({}))).toBeUndefined();
  });
});
