import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import { findMembership } from "@/features/auth/server/memberships";
import { findSessionUser, readCookie, SESSION_COOKIE, type SessionUser } from "@/features/auth/server/sessions";
import type { Role } from "@/features/auth/roles";
import { getStores, type Stores } from "./stores";

export interface TRPCContext {
  stores: Stores;
  user: SessionUser | null;
  headers: Headers;
}

/**
 * Context for one tRPC request: the stores and the user of the `sl_session` cookie (or
 * null). Used by the fetch adapter and, with real headers, by tests.
 */
export async function createTRPCContext(opts: { headers: Headers }): Promise<TRPCContext> {
  const stores = await getStores();
  const token = readCookie(opts.headers.get("cookie"), SESSION_COOKIE);
  const user = await findSessionUser(stores.db.prisma, token);
  return { stores, user, headers: opts.headers };
}

// No transformer: procedures return JSON-safe values (dates as ISO strings).
const t = initTRPC.context<TRPCContext>().create();

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

export const publicProcedure = t.procedure;

/** Requires a logged-in user: ctx.user is non-null. */
export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/**
 * Requires `projectId` in the input and the user's membership of that project, checked
 * against Postgres on every call. Adds ctx.project { id, name } and ctx.role. Further
 * `.input(...)` calls merge with `{ projectId }`.
 */
export const projectProcedure = authedProcedure
  .input(z.object({ projectId: z.string().min(1).max(100) }))
  .use(async ({ ctx, input, next }) => {
    const membership = await findMembership(ctx.stores.db.prisma, ctx.user.id, input.projectId);
    // Same answer for "no such project" and "not a member": do not reveal which ids exist.
    if (!membership) throw new TRPCError({ code: "NOT_FOUND", message: "Project not found." });
    return next({ ctx: { ...ctx, project: membership.project, role: membership.role } });
  });

/** Role gate for project procedures: `projectProcedure.use(requireRole("owner", "admin"))`. */
export function requireRole(...allowed: Role[]) {
  return t.middleware(({ ctx, next }) => {
    const role = (ctx as { role?: Role }).role;
    if (!role || !allowed.includes(role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `This action needs the ${allowed.join(" or ")} role in this project.`,
      });
    }
    return next();
  });
}

/** Project procedures that change settings or keys: owner or admin only. */
export const projectAdminProcedure = projectProcedure.use(requireRole("owner", "admin"));
