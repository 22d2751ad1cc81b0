import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getStores } from "@/server/stores";
import { findMembership, type ProjectMembership } from "./memberships";
import { findSessionUser, SESSION_COOKIE, type SessionUser } from "./sessions";

/** The signed-in user of this request (server components, actions), or null. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const { db } = await getStores();
  return findSessionUser(db.prisma, token);
});

/**
 * The signed-in user and their membership of `projectId`; redirects to /login when
 * signed out and answers 404 when not a member (same answer as for "no such project").
 */
export const requireProjectMember = cache(
  async (projectId: string): Promise<{ user: SessionUser } & ProjectMembership> => {
    const user = await getCurrentUser();
    if (!user) redirect("/login");
    const { db } = await getStores();
    const membership = await findMembership(db.prisma, user.id, projectId);
    if (!membership) notFound();
    return { user, ...membership };
  },
);
