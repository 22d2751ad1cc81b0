import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { requireProjectMember } from "@/features/auth/server/current-user";

export const dynamic = "force-dynamic";

/** Every project page: signed in (else /login) and a member of the project (else 404). */
export default async function ProjectLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(decodeURIComponent(projectId));
  return (
    <AppShell project={project} userEmail={user.email}>
      {children}
    </AppShell>
  );
}
