import { traceIdSchema } from "@sightline/core";
import type { Metadata } from "next";
import { Suspense } from "react";
import { TraceDetailSkeleton } from "@/features/traces/components/detail/trace-detail-skeleton";
import { TraceDetailView } from "@/features/traces/components/detail/trace-detail-view";
import { TraceNotFound } from "@/features/traces/components/detail/trace-not-found";

export const metadata: Metadata = { title: "Trace · Sightline" };

/** One trace: span tree + waterfall, and the selected span (`?span=<id>`). */
export default async function TracePage({ params }: { params: Promise<{ projectId: string; traceId: string }> }) {
  const { projectId: rawProjectId, traceId: rawTraceId } = await params;
  const projectId = decodeURIComponent(rawProjectId);
  const traceId = decodeURIComponent(rawTraceId).toLowerCase();
  // A malformed id can name no trace: answer without a query.
  if (!traceIdSchema.safeParse(traceId).success) return <TraceNotFound projectId={projectId} traceId={traceId} />;
  return (
    <Suspense fallback={<TraceDetailSkeleton />}>
      <TraceDetailView projectId={projectId} traceId={traceId} />
    </Suspense>
  );
}
