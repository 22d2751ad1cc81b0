import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/card";
import { requireProjectMember } from "@/features/auth/server/current-user";
import { ModelPricesView } from "@/features/models/components/model-prices-view";

export const metadata: Metadata = { title: "Model prices · Sightline" };

/** Model prices: the built-in table and this project's overrides (owners and admins edit). */
export default async function ModelPricesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(decodeURIComponent(projectId));
  return (
    <Card>
      <CardHeader
        title="Model prices"
        description="Sightline computes a generation's cost from its token usage when the instrumentation sent none. Prices are USD per million tokens; a span whose model matches no price shows “no price”."
      />
      <ModelPricesView projectId={project.id} />
    </Card>
  );
}
