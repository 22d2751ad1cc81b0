import Link from "next/link";
import type { ReactNode } from "react";
import { logoutAction } from "@/features/auth/server/actions";
import { NavLinks } from "./nav-links";

/** Page frame for a project: brand, project name, navigation, the user and sign out. */
export function AppShell({
  project,
  userEmail,
  children,
}: {
  project: { id: string; name: string };
  userEmail: string;
  children: ReactNode;
}) {
  const base = `/project/${encodeURIComponent(project.id)}`;
  return (
    <div className="min-h-screen bg-gray-50">
      <header className="border-b border-gray-200 bg-white">
        <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
          <Link href={`${base}/traces`} className="flex items-center gap-2 font-semibold text-gray-900">
            <span aria-hidden className="inline-block size-3 rounded-full bg-indigo-600" />
            Sightline
          </Link>
          <span className="text-sm text-gray-500" data-testid="project-name">
            {project.name}
          </span>
          <NavLinks
            links={[
              { href: `${base}/traces`, label: "Traces" },
              { href: `${base}/settings/api-keys`, label: "API keys" },
              { href: `${base}/settings/models`, label: "Models" },
            ]}
          />
          <div className="ml-auto flex items-center gap-3">
            <span className="text-sm text-gray-600">{userEmail}</span>
            <form action={logoutAction}>
              <button type="submit" className="rounded-md px-2.5 py-1.5 text-sm text-gray-700 hover:bg-gray-100">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-[1600px] px-4 py-6">{children}</main>
    </div>
  );
}
