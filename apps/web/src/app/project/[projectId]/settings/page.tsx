import { redirect } from "next/navigation";

/** `/project/<id>/settings`: API keys are the only settings page so far. */
export default async function SettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  redirect(`/project/${encodeURIComponent(decodeURIComponent(projectId))}/settings/api-keys`);
}
