import type { Prisma } from "@/server/db-types";
import type { Role } from "../roles";

export interface ProjectMembership {
  project: { id: string; name: string };
  role: Role;
}

/** The user's membership of a project, or null when they are not a member. */
export async function findMembership(
  prisma: Prisma,
  userId: string,
  projectId: string,
): Promise<ProjectMembership | null> {
  const membership = await prisma.membership.findUnique({
    where: { userId_projectId: { userId, projectId } },
    include: { project: { select: { id: true, name: true } } },
  });
  if (!membership) return null;
  return { project: membership.project, role: membership.role as Role };
}

/** The projects a user belongs to, oldest membership first. */
export async function listMemberships(prisma: Prisma, userId: string): Promise<ProjectMembership[]> {
  const memberships = await prisma.membership.findMany({
    where: { userId },
    include: { project: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((m) => ({ project: m.project, role: m.role as Role }));
}
