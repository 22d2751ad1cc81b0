import type { Metadata } from "next";
import { Suspense } from "react";
import { TracesListView } from "@/features/traces/components/list/traces-list-view";
import { TracesTableSkeleton } from "@/features/traces/components/list/traces-table";
import { requestOrigin } from "@/features/traces/server/request-origin";

export const metadata: Metadata = { title: "Traces · Sightline" };

/** The project's traces. Membership is checked by the project layout and by every query. */
export default async function TracesPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const origin = await requestOrigin();
  return (
    // useSearchParams in the list needs a Suspense boundary.
    <Suspense fallback={<TracesTableSkeleton />}>
      <TracesListView projectId={decodeURIComponent(projectId)} origin={origin} />
    </Suspense>
  );
}
