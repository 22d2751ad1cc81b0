import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/card";
import { ApiKeysTable } from "@/features/api-keys/components/api-keys-table";
import { CreateKeyDialog } from "@/features/api-keys/components/create-key-dialog";
import { isProjectAdmin } from "@/features/auth/roles";
import { requireProjectMember } from "@/features/auth/server/current-user";
import { requestOrigin } from "@/features/traces/server/request-origin";

export const metadata: Metadata = { title: "API keys · Sightline" };

/** The project's API keys. Buttons follow the role; the server enforces it on every call. */
export default async function ApiKeysPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project, role } = await requireProjectMember(projectId);
  const canManage = isProjectAdmin(role);
  const origin = await requestOrigin();
  return (
    <Card>
      <CardHeader
        title="API keys"
        description={
          canManage
            ? "Keys authenticate ingest (OTLP) and the public query API for this project."
            : "Keys authenticate ingest and the public query API. Only owners and admins can create or revoke them."
        }
        actions={canManage ? <CreateKeyDialog projectId={project.id} origin={origin} /> : null}
      />
      <ApiKeysTable projectId={project.id} canManage={canManage} />
    </Card>
  );
}
