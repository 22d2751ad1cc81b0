import { redirect } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { getCurrentUser } from "@/features/auth/server/current-user";
import { listMemberships } from "@/features/auth/server/memberships";
import { getStores } from "@/server/stores";

export const dynamic = "force-dynamic";

/** `/`: the user's first project's traces, or the login page when signed out. */
export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const { db } = await getStores();
  const [first] = await listMemberships(db.prisma, user.id);
  if (first) redirect(`/project/${encodeURIComponent(first.project.id)}/traces`);
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <EmptyState title="No projects yet">
        You ({user.email}) are not a member of any project. Ask a project owner to add you.
      </EmptyState>
    </main>
  );
}
