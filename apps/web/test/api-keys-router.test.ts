import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The apiKeys tRPC router through the app's own caller, on real embedded engines (PGlite +
// chdb) in a temp folder, with contexts built from real session cookies.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-apikeys-"));
Object.assign(process.env, {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: "first-admin@api-keys.test",
  SIGHTLINE_INIT_ADMIN_PASSWORD: "first-admin-password",
});
delete process.env.DATABASE_URL;
delete process.env.CLICKHOUSE_URL;

const { getStores, closeStores } = await import("@/server/stores");
const { createTRPCContext } = await import("@/server/trpc");
const { createCaller } = await import("@/server/routers/root");
const { SESSION_COOKIE } = await import("@/features/auth/server/sessions");
const { createProject, userWithRoles } = await import("./support/project-users");
const { sha256Hex } = await import("@/features/auth/server/tokens");

type Stores = Awaited<ReturnType<typeof getStores>>;
type Role = import("@/features/auth/roles").Role;

let stores: Stores;
let projectId: string;
let otherProjectId: string;

beforeAll(async () => {
  stores = await getStores();
  projectId = await createProject(stores.db.prisma, "Keys project");
  otherProjectId = await createProject(stores.db.prisma, "Other project");
}, 120_000);

afterAll(async () => {
  await closeStores();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A new user with `roles` per project and a live session; the caller as the app builds it. */
const callerWith = async (roles: Partial<Record<string, Role>>) => (await userWithRoles(stores.db.prisma, roles)).caller;

describe("apiKeys.create and list", () => {
  it("returns the secret once; the list and the database hold only its preview and SHA-256", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const created = await owner.apiKeys.create({ projectId, name: "  backend  " });
    expect(created).toMatchObject({ name: "backend", revokedAt: null, lastUsedAt: null });
    expect(created.publicKey).toMatch(/^pk-sl-[A-Za-z0-9_-]+$/);
    expect(created.secretKey).toMatch(/^sk-sl-[A-Za-z0-9_-]{43}$/);

    const listed = (await owner.apiKeys.list({ projectId })).find((key) => key.id === created.id);
    expect(listed).toEqual({
      id: created.id,
      name: "backend",
      publicKey: created.publicKey,
      secretPreview: expect.stringMatching(/^sk-sl-.{4}….{4}$/),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(await owner.apiKeys.list({ projectId }))).not.toContain(created.secretKey.slice(10, -4));

    const row = await stores.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.projectId).toBe(projectId);
    expect(row.secretHash).toBe(sha256Hex(created.secretKey));
    expect(JSON.stringify(row)).not.toContain(created.secretKey.slice(10, -4));
  });

  it("lets an admin create keys too, and lists the newest first", async () => {
    const admin = await callerWith({ [projectId]: "admin" });
    const first = await admin.apiKeys.create({ projectId, name: "first" });
    const second = await admin.apiKeys.create({ projectId, name: "second" });
    const ids = (await admin.apiKeys.list({ projectId })).map((key) => key.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
  });

  it("refuses a blank or over-long name with a reason", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    await expect(owner.apiKeys.create({ projectId, name: "   " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Give the key a name"),
    });
    await expect(owner.apiKeys.create({ projectId, name: "x".repeat(101) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await owner.apiKeys.create({ projectId, name: "x".repeat(100) })).name).toHaveLength(100);
  });
});

describe("who may do what", () => {
  it("lets members, viewers and auditors list keys but not create or revoke them", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const key = await owner.apiKeys.create({ projectId, name: "guarded" });
    for (const role of ["member", "viewer", "auditor"] as const) {
      const caller = await callerWith({ [projectId]: role });
      expect((await caller.apiKeys.list({ projectId })).map((k) => k.id)).toContain(key.id);
      await expect(caller.apiKeys.create({ projectId, name: `by ${role}` })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.apiKeys.revoke({ projectId, keyId: key.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await stores.db.prisma.apiKey.count({ where: { name: { startsWith: "by " } } })).toBe(0);
    expect((await stores.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("answers NOT_FOUND to a non-member, as for a project that does not exist", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const key = await owner.apiKeys.create({ projectId, name: "not theirs" });
    const outsider = await callerWith({ [otherProjectId]: "owner" });
    await expect(outsider.apiKeys.list({ projectId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.apiKeys.create({ projectId, name: "intruder" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.apiKeys.revoke({ projectId, keyId: key.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.apiKeys.list({ projectId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers UNAUTHORIZED without a session or with an unknown token", async () => {
    const anonymous = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(anonymous.apiKeys.list({ projectId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const forged = createCaller(await createTRPCContext({ headers: new Headers({ cookie: `${SESSION_COOKIE}=forged-token` }) }));
    await expect(forged.apiKeys.create({ projectId, name: "forged" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("apiKeys.revoke", () => {
  it("marks the key revoked in the list, and a second revoke changes nothing", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const key = await owner.apiKeys.create({ projectId, name: "to revoke" });
    await expect(owner.apiKeys.revoke({ projectId, keyId: key.id })).resolves.toEqual({ ok: true });
    const revokedAt = (await owner.apiKeys.list({ projectId })).find((k) => k.id === key.id)?.revokedAt;
    expect(revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    await expect(owner.apiKeys.revoke({ projectId, keyId: key.id })).resolves.toEqual({ ok: true });
    expect((await owner.apiKeys.list({ projectId })).find((k) => k.id === key.id)?.revokedAt).toBe(revokedAt);
  });

  it("cannot reach another project's key through a project the caller administers", async () => {
    const ownerOfBoth = await callerWith({ [projectId]: "owner", [otherProjectId]: "owner" });
    const foreign = await ownerOfBoth.apiKeys.create({ projectId: otherProjectId, name: "other project's key" });
    const ownerHere = await callerWith({ [projectId]: "owner" });

    await expect(ownerHere.apiKeys.revoke({ projectId, keyId: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerOfBoth.apiKeys.revoke({ projectId, keyId: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stores.db.prisma.apiKey.findUniqueOrThrow({ where: { id: foreign.id } })).revokedAt).toBeNull();
    expect((await ownerHere.apiKeys.list({ projectId })).map((k) => k.id)).not.toContain(foreign.id);
  });

  it("answers NOT_FOUND for an id that is no key at all", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    await expect(owner.apiKeys.revoke({ projectId, keyId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
