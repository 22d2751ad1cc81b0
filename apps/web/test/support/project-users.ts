import { randomUUID } from "node:crypto";
import { createSession, SESSION_COOKIE } from "@/features/auth/server/sessions";
import type { Role } from "@/features/auth/roles";
import { createCaller } from "@/server/routers/root";
import type { Prisma } from "@/server/db-types";
import { createTRPCContext } from "@/server/trpc";

/**
 * A new user with `roles` per project and a live session, and the tRPC caller the app
 * builds for its cookie. Import after the test has set SIGHTLINE_DATA_DIR and friends.
 */
export async function userWithRoles(prisma: Prisma, roles: Partial<Record<string, Role>>) {
  const user = await prisma.user.create({
    data: { id: randomUUID(), email: `${randomUUID()}@users.test`, passwordHash: "not-used-here" },
  });
  for (const [projectId, role] of Object.entries(roles)) {
    if (role) await prisma.membership.create({ data: { userId: user.id, projectId, role } });
  }
  const { token } = await createSession(prisma, user.id);
  const caller = createCaller(await createTRPCContext({ headers: new Headers({ cookie: `${SESSION_COOKIE}=${token}` }) }));
  return { caller, userId: user.id };
}

/** A new project in the first organization (the one first start created); its id. */
export async function createProject(prisma: Prisma, name: string): Promise<string> {
  const org = await prisma.organization.findFirstOrThrow();
  const id = randomUUID();
  await prisma.project.create({ data: { id, organizationId: org.id, name } });
  return id;
}
