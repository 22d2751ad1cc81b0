import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/features/auth/roles";

// The models tRPC router through the app's own caller, on real embedded engines (PGlite +
// chdb) in a temp folder, with contexts built from real session cookies.
const dataDir = mkdtempSync(join(tmpdir(), "sl-web-models-"));
Object.assign(process.env, {
  SIGHTLINE_DATA_DIR: dataDir,
  SIGHTLINE_INIT_ADMIN_EMAIL: "first-admin@models.test",
  SIGHTLINE_INIT_ADMIN_PASSWORD: "first-admin-password",
});
delete process.env.DATABASE_URL;
delete process.env.CLICKHOUSE_URL;

const { getStores, closeStores } = await import("@/server/stores");
const { createTRPCContext } = await import("@/server/trpc");
const { createCaller } = await import("@/server/routers/root");
const { createProject, userWithRoles } = await import("./support/project-users");
const { projectPriceMatcher, PRICE_CACHE_TTL_MS } = await import("@/features/models/server/price-cache");

type Stores = Awaited<ReturnType<typeof getStores>>;

let stores: Stores;
let projectId: string;
let otherProjectId: string;

beforeAll(async () => {
  stores = await getStores();
  projectId = await createProject(stores.db.prisma, "Prices project");
  otherProjectId = await createProject(stores.db.prisma, "Other project");
}, 120_000);

afterAll(async () => {
  await closeStores();
  rmSync(dataDir, { recursive: true, force: true });
});

const userWith = (roles: Partial<Record<string, Role>>) => userWithRoles(stores.db.prisma, roles);
const callerWith = async (roles: Partial<Record<string, Role>>) => (await userWith(roles)).caller;

const price = (pattern: string, over: Record<string, unknown> = {}) => ({
  matchType: "exact" as const,
  pattern,
  input: 1,
  output: 2,
  cachedInput: null,
  cacheCreation: null,
  reasoning: null,
  ...over,
});

describe("models.list and match", () => {
  it("lists the built-in table for any member, and says who may edit", async () => {
    const viewer = await callerWith({ [projectId]: "viewer" });
    const listed = await viewer.models.list({ projectId });
    expect(listed.canEdit).toBe(false);
    expect(listed.builtin.find((p) => p.model === "gpt-4o")).toMatchObject({ input: 2.5, output: 10, cachedInput: 1.25, source: "builtin" });
    expect((await (await callerWith({ [projectId]: "admin" })).models.list({ projectId })).canEdit).toBe(true);
  });

  it("tells which price a model name gets, override first", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    expect((await owner.models.match({ projectId, model: "us.anthropic.claude-3-5-sonnet-20241022-v2:0" })).price).toMatchObject({
      model: "claude-3.5-sonnet",
      source: "builtin",
    });
    expect((await owner.models.match({ projectId, model: "no-such-model" })).price).toBeNull();

    await owner.models.create({ projectId, ...price("^acme-\\d+$", { matchType: "regex", input: 7 }) });
    const matched = await owner.models.match({ projectId, model: "acme-42" });
    expect(matched.price).toMatchObject({ source: "project", pattern: "^acme-\\d+$", input: 7 });
    await expect(owner.models.match({ projectId, model: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("overrides: create, update, delete", () => {
  it("creates an override recording who made it, updates and deletes it", async () => {
    const { caller: owner, userId: ownerId } = await userWith({ [projectId]: "owner" });
    const created = await owner.models.create({ projectId, ...price("  team-model  ", { cachedInput: 0.5, reasoning: 4 }) });
    expect(created).toMatchObject({ pattern: "team-model", matchType: "exact", input: 1, output: 2, cachedInput: 0.5, reasoning: 4 });
    expect(created.createdById).toBe(ownerId);

    const { caller: admin, userId: adminId } = await userWith({ [projectId]: "admin" });
    const updated = await admin.models.update({ projectId, id: created.id, ...price("team-model", { input: 3 }) });
    expect(updated).toMatchObject({ id: created.id, input: 3, cachedInput: null, createdById: ownerId, updatedById: adminId });
    expect((await owner.models.list({ projectId })).overrides.find((o) => o.id === created.id)?.input).toBe(3);

    await expect(admin.models.delete({ projectId, id: created.id })).resolves.toEqual({ ok: true });
    expect((await owner.models.list({ projectId })).overrides.map((o) => o.id)).not.toContain(created.id);
    await expect(admin.models.delete({ projectId, id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("refuses invalid input with a reason", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const cases: [Record<string, unknown>, string][] = [
      [{ matchType: "regex", pattern: "([unclosed" }, "Not a valid regular expression"],
      [{ matchType: "regex", pattern: "(a+)+" }, "can take exponential time"],
      [{ pattern: "" }, "Enter a model name or a pattern"],
      [{ input: -0.5 }, "cannot be negative"],
      [{ output: 1e6 }, "surely a typo"],
    ];
    for (const [change, message] of cases) {
      await expect(owner.models.create({ projectId, ...price("bad", change) })).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining(message),
      });
    }
  });

  it("answers CONFLICT for a pattern the project already prices", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    await owner.models.create({ projectId, ...price("twice") });
    await expect(owner.models.create({ projectId, ...price("twice", { input: 9 }) })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("makes ingest in this process use a changed price at once", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const before = await projectPriceMatcher(projectId);
    expect(before.match("fresh-model")).toBeNull();
    const created = await owner.models.create({ projectId, ...price("fresh-model", { input: 5 }) });
    expect((await projectPriceMatcher(projectId)).match("fresh-model")?.input).toBe(5);
    await owner.models.update({ projectId, id: created.id, ...price("fresh-model", { input: 6 }) });
    expect((await projectPriceMatcher(projectId)).match("fresh-model")?.input).toBe(6);
    await owner.models.delete({ projectId, id: created.id });
    expect((await projectPriceMatcher(projectId)).match("fresh-model")).toBeNull();
  });
});

describe("price cache", () => {
  it("sees a change made by another process once its TTL has passed", async () => {
    const now = Date.now() + 10 * PRICE_CACHE_TTL_MS; // a fresh cache slot, whatever earlier tests did
    expect((await projectPriceMatcher(projectId, now)).match("elsewhere-model")).toBeNull();
    // Another server process writes the override: this process's cache does not hear of it.
    await stores.db.prisma.modelPrice.create({
      data: { id: randomUUID(), projectId, matchType: "exact", pattern: "elsewhere-model", inputPrice: 4, outputPrice: 8 },
    });
    expect((await projectPriceMatcher(projectId, now + PRICE_CACHE_TTL_MS - 1)).match("elsewhere-model")).toBeNull();
    expect((await projectPriceMatcher(projectId, now + PRICE_CACHE_TTL_MS)).match("elsewhere-model")?.input).toBe(4);
  });
});

describe("who may do what", () => {
  it("lets members, viewers and auditors read and test but not write", async () => {
    const owner = await callerWith({ [projectId]: "owner" });
    const existing = await owner.models.create({ projectId, ...price("guarded") });
    for (const role of ["member", "viewer", "auditor"] as const) {
      const caller = await callerWith({ [projectId]: role });
      expect((await caller.models.list({ projectId })).overrides.map((o) => o.id)).toContain(existing.id);
      expect((await caller.models.match({ projectId, model: "guarded" })).price?.id).toBe(existing.id);
      await expect(caller.models.create({ projectId, ...price(`by-${role}`) })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.models.update({ projectId, id: existing.id, ...price("guarded", { input: 99 }) })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.models.delete({ projectId, id: existing.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const row = await stores.db.prisma.modelPrice.findUniqueOrThrow({ where: { id: existing.id } });
    expect(row.inputPrice).toBe(1);
    expect(await stores.db.prisma.modelPrice.count({ where: { pattern: { startsWith: "by-" } } })).toBe(0);
  });

  it("keeps projects apart: NOT_FOUND for non-members and for another project's override", async () => {
    const ownerOfBoth = await callerWith({ [projectId]: "owner", [otherProjectId]: "owner" });
    const foreign = await ownerOfBoth.models.create({ projectId: otherProjectId, ...price("other-project-model", { input: 8 }) });
    const ownerHere = await callerWith({ [projectId]: "owner" });

    expect((await ownerHere.models.list({ projectId })).overrides.map((o) => o.id)).not.toContain(foreign.id);
    expect((await ownerHere.models.match({ projectId, model: "other-project-model" })).price).toBeNull();
    await expect(ownerHere.models.update({ projectId, id: foreign.id, ...price("hijack") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerHere.models.delete({ projectId, id: foreign.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerHere.models.list({ projectId: otherProjectId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(ownerHere.models.create({ projectId: otherProjectId, ...price("intruder") })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await stores.db.prisma.modelPrice.findUniqueOrThrow({ where: { id: foreign.id } })).pattern).toBe("other-project-model");
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const anonymous = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(anonymous.models.list({ projectId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.models.create({ projectId, ...price("anon") })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
