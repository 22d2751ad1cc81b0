import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { Prisma, Role, type Database } from "../../src/index";

/** Reads and writes through the Prisma client of an open Database (embedded or server). */
export function prismaCrudTests(getDb: () => Database): void {
  it("creates and reads an organization, project, user, membership and API key", async () => {
    const { prisma } = getDb();
    const org = await prisma.organization.create({ data: { id: randomUUID(), name: "Acme" } });
    const project = await prisma.project.create({ data: { id: randomUUID(), organizationId: org.id, name: "Chatbot" } });
    const user = await prisma.user.create({
      data: { id: randomUUID(), email: `ada-${org.id}@example.com`, passwordHash: "argon2id$stub-hash" },
    });
    await prisma.membership.create({ data: { userId: user.id, projectId: project.id, role: Role.admin } });
    const key = await prisma.apiKey.create({
      data: {
        id: randomUUID(),
        projectId: project.id,
        name: "ci",
        publicKey: `pk-${org.id}`,
        secretHash: `hash-${org.id}`,
        secretPreview: "sk-…abcd",
      },
    });

    expect(org.createdAt).toBeInstanceOf(Date);
    expect(key.revokedAt).toBeNull();
    const found = await prisma.user.findUniqueOrThrow({
      where: { email: user.email },
      include: { memberships: { include: { project: true } } },
    });
    expect(found.name).toBeNull();
    expect(found.memberships.map((m) => [m.role, m.project.name])).toEqual([["admin", "Chatbot"]]);

    const revokedAt = new Date("2026-11-23T12:00:00.123Z");
    await prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt } });
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { publicKey: key.publicKey } })).revokedAt).toEqual(revokedAt);
  });

  it("enforces unique emails with Prisma's P2002 error", async () => {
    const { prisma } = getDb();
    const email = `dup-${randomUUID()}@example.com`;
    await prisma.user.create({ data: { id: randomUUID(), email, passwordHash: "h" } });
    const duplicate = prisma.user.create({ data: { id: randomUUID(), email, passwordHash: "h" } });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject({ code: "P2002" });
  });

  it("runs interactive transactions and rolls them back on error", async () => {
    const { prisma } = getDb();
    const id = randomUUID();
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.organization.create({ data: { id, name: "Rolled back" } });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await prisma.organization.findUnique({ where: { id } })).toBeNull();
  });

  it("deletes an organization's projects, memberships and keys with it (ON DELETE CASCADE)", async () => {
    const { prisma } = getDb();
    const org = await prisma.organization.create({
      data: { id: randomUUID(), name: "Doomed", projects: { create: { id: randomUUID(), name: "P" } } },
      include: { projects: true },
    });
    const projectId = org.projects[0]!.id;
    const user = await prisma.user.create({ data: { id: randomUUID(), email: `${org.id}@example.com`, passwordHash: "h" } });
    await prisma.membership.create({ data: { userId: user.id, projectId, role: "viewer" } });
    await prisma.apiKey.create({
      data: { id: randomUUID(), projectId, name: "k", publicKey: `pk-${org.id}`, secretHash: `sh-${org.id}`, secretPreview: "x" },
    });

    await prisma.organization.delete({ where: { id: org.id } });
    expect(await prisma.project.count({ where: { id: projectId } })).toBe(0);
    expect(await prisma.membership.count({ where: { projectId } })).toBe(0);
    expect(await prisma.apiKey.count({ where: { projectId } })).toBe(0);
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);
  });

  it("answers ping", async () => {
    expect(await getDb().ping()).toBe(true);
  });
}
