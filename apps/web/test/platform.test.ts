import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseConfigFromEnv, openDatabase, type Database } from "@sightline/db";

// First start, login, sessions, API-key management and role enforcement, on real embedded
// engines (chdb + PGlite) in a temp folder, through the same functions the app calls.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-platform-"));
const ADMIN_EMAIL = "owner@platform.test";
const ADMIN_PASSWORD = "platform-test-password";
const PK = "pk-sl-platform-test-public";
const SK = "sk-sl-platform-test-secret-0000000001";
Object.assign(process.env, {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: ADMIN_EMAIL,
  SIGHTLINE_INIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
  SIGHTLINE_INIT_PROJECT_NAME: "Platform test",
  SIGHTLINE_INIT_PUBLIC_KEY: PK,
  SIGHTLINE_INIT_SECRET_KEY: SK,
});
delete process.env.DATABASE_URL;
delete process.env.CLICKHOUSE_URL;

const { getStores, closeStores } = await import("@/server/stores");
const { createTRPCContext } = await import("@/server/trpc");
const { createCaller } = await import("@/server/routers/root");
const { createFirstStartData } = await import("@/features/bootstrap/first-start");
const { logIn } = await import("@/features/auth/server/login");
const { LoginThrottle } = await import("@/features/auth/server/login-throttle");
const { findSessionUser, deleteSession, SESSION_COOKIE } = await import("@/features/auth/server/sessions");
const { hashPassword } = await import("@/features/auth/server/passwords");
const { sha256Hex } = await import("@/features/auth/server/tokens");
const { POST: otlpTraces } = await import("@/app/api/public/otel/v1/traces/route");
const { GET: listTraces } = await import("@/app/api/public/traces/route");
const { GET: health } = await import("@/app/api/health/route");

type Stores = Awaited<ReturnType<typeof getStores>>;
let stores: Stores;
let projectId: string;

beforeAll(async () => {
  stores = await getStores();
  const project = await stores.db.prisma.project.findFirstOrThrow();
  projectId = project.id;
}, 120_000);
afterAll(async () => {
  await closeStores();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A user with a role in the test project and a live session; returns the caller as they see it. */
async function memberCaller(role: "owner" | "admin" | "member" | "viewer" | "auditor" | null) {
  const prisma = stores.db.prisma;
  const email = `${role ?? "outsider"}-${randomUUID()}@platform.test`;
  const user = await prisma.user.create({
    data: { id: randomUUID(), email, passwordHash: await hashPassword("member-password-123") },
  });
  if (role) await prisma.membership.create({ data: { userId: user.id, projectId, role } });
  const login = await logIn(prisma, { email, password: "member-password-123" }, new LoginThrottle());
  if (!login.ok) throw new Error("member login failed");
  const headers = new Headers({ cookie: `other=1; ${SESSION_COOKIE}=${login.token}` });
  return createCaller(await createTRPCContext({ headers }));
}

function otlpJsonBody(traceId: string) {
  const end = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "platform-test" } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: "c".repeat(16),
                name: "platform-root",
                startTimeUnixNano: String(end - 1_000_000n),
                endTimeUnixNano: String(end),
              },
            ],
          },
        ],
      },
    ],
  });
}

const ingest = (authorization: string, traceId = randomUUID().replaceAll("-", "")) =>
  otlpTraces(
    new Request("http://localhost/api/public/otel/v1/traces", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8", authorization },
      body: otlpJsonBody(traceId),
    }),
  );
/** An environment holding only the given variables (Next's types require NODE_ENV). */
const envOf = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const basic = (pk: string, sk: string) => `Basic ${Buffer.from(`${pk}:${sk}`).toString("base64")}`;

describe("first start", () => {
  it("created the configured admin, project, owner membership and key, and is a no-op on the next start", async () => {
    const prisma = stores.db.prisma;
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: ADMIN_EMAIL }, include: { memberships: true } });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(admin.memberships).toEqual([expect.objectContaining({ projectId, role: "owner" })]);
    const key = await prisma.apiKey.findUniqueOrThrow({ where: { publicKey: PK } });
    expect(key.secretHash).toBe(sha256Hex(SK));
    expect(key.secretPreview).not.toContain(SK.slice(8, -4));

    expect(await createFirstStartData(prisma, process.env)).toEqual({ created: false });
    expect(await prisma.user.count()).toBe(1);
    expect(await prisma.project.count()).toBe(1);
    expect(await prisma.apiKey.count()).toBe(1);
  });

  describe("on an empty database", () => {
    const freshDir = mkdtempSync(join(tmpdir(), "sl-web-firststart-"));
    let fresh: Database;
    beforeAll(async () => {
      fresh = await openDatabase(databaseConfigFromEnv(envOf({}), freshDir));
    }, 120_000);
    afterAll(async () => {
      await fresh.close();
      rmSync(freshDir, { recursive: true, force: true });
    });

    it("refuses malformed SIGHTLINE_INIT_* values with a reason and creates nothing", async () => {
      await expect(createFirstStartData(fresh.prisma, envOf({ SIGHTLINE_INIT_ADMIN_EMAIL: "not-an-email" }))).rejects.toThrow(
        /SIGHTLINE_INIT_ADMIN_EMAIL/,
      );
      await expect(createFirstStartData(fresh.prisma, envOf({ SIGHTLINE_INIT_SECRET_KEY: "sk-sl-short" }))).rejects.toThrow(
        /SIGHTLINE_INIT_SECRET_KEY/,
      );
      await expect(createFirstStartData(fresh.prisma, envOf({ SIGHTLINE_INIT_PUBLIC_KEY: "lf-pk-1234567890abcdef" }))).rejects.toThrow(
        /SIGHTLINE_INIT_PUBLIC_KEY/,
      );
      await expect(createFirstStartData(fresh.prisma, envOf({ SIGHTLINE_INIT_ADMIN_PASSWORD: "short" }))).rejects.toThrow(
        /SIGHTLINE_INIT_ADMIN_PASSWORD/,
      );
      expect(await fresh.prisma.user.count()).toBe(0);
    });

    it("generates a password and a high-entropy key pair once, and the generated password logs in", async () => {
      const first = await createFirstStartData(fresh.prisma, envOf({}));
      expect(first.created).toBe(true);
      expect(first.email).toBe("admin@sightline.local");
      expect(first.password?.length).toBeGreaterThanOrEqual(16);
      expect(first.publicKey).toMatch(/^pk-sl-[A-Za-z0-9_-]{16,}$/);
      // 32 random bytes in base64url = 43 characters.
      expect(first.secretKey).toMatch(/^sk-sl-[A-Za-z0-9_-]{43}$/);
      const stored = await fresh.prisma.apiKey.findUniqueOrThrow({ where: { publicKey: first.publicKey! } });
      expect(stored.secretHash).toBe(sha256Hex(first.secretKey!));

      const login = await logIn(fresh.prisma, { email: first.email!, password: first.password! }, new LoginThrottle());
      expect(login.ok).toBe(true);

      expect(await createFirstStartData(fresh.prisma, envOf({}))).toEqual({ created: false });
      expect(await fresh.prisma.apiKey.count()).toBe(1);
    });
  });
});

describe("login and sessions", () => {
  it("opens a session whose token is stored only as its SHA-256, and closes it on logout", async () => {
    const prisma = stores.db.prisma;
    const login = await logIn(prisma, { email: ` ${ADMIN_EMAIL.toUpperCase()} `, password: ADMIN_PASSWORD }, new LoginThrottle());
    if (!login.ok) throw new Error(`login failed: ${login.reason}`);
    expect(login.token.length).toBeGreaterThanOrEqual(43);
    expect(login.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    expect(await prisma.authSession.count({ where: { tokenHash: login.token } })).toBe(0);
    expect(await prisma.authSession.count({ where: { tokenHash: sha256Hex(login.token) } })).toBe(1);

    expect((await findSessionUser(prisma, login.token))?.email).toBe(ADMIN_EMAIL);
    await deleteSession(prisma, login.token);
    expect(await findSessionUser(prisma, login.token)).toBeNull();
  });

  it("gives the same answer for a wrong password and an unknown email", async () => {
    const prisma = stores.db.prisma;
    const throttle = new LoginThrottle();
    expect(await logIn(prisma, { email: ADMIN_EMAIL, password: "wrong-password-123" }, throttle)).toEqual({ ok: false, reason: "invalid" });
    expect(await logIn(prisma, { email: "nobody@platform.test", password: ADMIN_PASSWORD }, throttle)).toEqual({ ok: false, reason: "invalid" });
  });

  it("throttles an email after repeated failures, even with the right password", async () => {
    const prisma = stores.db.prisma;
    const throttle = new LoginThrottle(3);
    for (let i = 0; i < 3; i++) await logIn(prisma, { email: ADMIN_EMAIL, password: `guess-${i}-xxxxxxxx` }, throttle);
    expect(await logIn(prisma, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, throttle)).toEqual({ ok: false, reason: "throttled" });
    expect((await logIn(prisma, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, new LoginThrottle())).ok).toBe(true);
  });

  it("ignores an expired session", async () => {
    const prisma = stores.db.prisma;
    const login = await logIn(prisma, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, new LoginThrottle());
    if (!login.ok) throw new Error("login failed");
    const afterExpiry = new Date(login.expiresAt.getTime() + 1000);
    expect(await findSessionUser(prisma, login.token, afterExpiry)).toBeNull();
    expect(await prisma.authSession.count({ where: { tokenHash: sha256Hex(login.token) } })).toBe(0);
  });
});

describe("API keys (tRPC) and the public API", () => {
  it("refuses callers without a session, outside the project, or without the admin role", async () => {
    const anonymous = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(anonymous.apiKeys.list({ projectId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });

    const outsider = await memberCaller(null);
    await expect(outsider.apiKeys.list({ projectId })).rejects.toMatchObject({ code: "NOT_FOUND" });

    for (const role of ["viewer", "member", "auditor"] as const) {
      const caller = await memberCaller(role);
      expect((await caller.apiKeys.list({ projectId })).length).toBeGreaterThan(0);
      await expect(caller.apiKeys.create({ projectId, name: `by ${role}` })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const [key] = await caller.apiKeys.list({ projectId });
      await expect(caller.apiKeys.revoke({ projectId, keyId: key!.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await stores.db.prisma.apiKey.count({ where: { name: { startsWith: "by " } } })).toBe(0);
  });

  it("lets an admin create a key that ingests with Basic and Bearer, lists it without its secret, and revokes it", async () => {
    const admin = await memberCaller("admin");
    const created = await admin.apiKeys.create({ projectId, name: "CI key" });
    expect(created.publicKey).toMatch(/^pk-sl-/);
    expect(created.secretKey).toMatch(/^sk-sl-[A-Za-z0-9_-]{43}$/);

    const traceId = randomUUID().replaceAll("-", "");
    expect((await ingest(basic(created.publicKey, created.secretKey), traceId)).status).toBe(200);
    expect((await ingest(`Bearer ${created.secretKey}`)).status).toBe(200);
    const list = await listTraces(
      new Request("http://localhost/api/public/traces?limit=10", { headers: { authorization: `Bearer ${created.secretKey}` } }),
    );
    expect(list.status).toBe(200);
    expect(((await list.json()) as { data: { traceId: string }[] }).data.map((t) => t.traceId)).toContain(traceId);

    const listed = (await admin.apiKeys.list({ projectId })).find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "CI key", publicKey: created.publicKey, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.secretKey);
    // Last use is recorded off the request path; it lands shortly after the first use.
    await expect.poll(async () => (await admin.apiKeys.list({ projectId })).find((k) => k.id === created.id)?.lastUsedAt).not.toBeNull();

    // A key's secret does not pair with another key's public key.
    expect((await ingest(basic(PK, created.secretKey))).status).toBe(401);

    await admin.apiKeys.revoke({ projectId, keyId: created.id });
    const refused = await ingest(`Bearer ${created.secretKey}`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { message: string }).message).toMatch(/revoked/i);
    const refusedQuery = await listTraces(
      new Request("http://localhost/api/public/traces", { headers: { authorization: basic(created.publicKey, created.secretKey) } }),
    );
    expect(refusedQuery.status).toBe(401);
    expect((await admin.apiKeys.list({ projectId })).find((k) => k.id === created.id)?.revokedAt).not.toBeNull();
    await expect(admin.apiKeys.revoke({ projectId, keyId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reports health once both stores answer", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });
});
