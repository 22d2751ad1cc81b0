/** Project roles; the values match the Postgres enum `Role` (prisma/schema.prisma). */
export const ROLES = ["owner", "admin", "member", "viewer", "auditor"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may manage the project's settings and API keys. */
export const PROJECT_ADMIN_ROLES: readonly Role[] = ["owner", "admin"];

export function isProjectAdmin(role: Role): boolean {
  return PROJECT_ADMIN_ROLES.includes(role);
}
