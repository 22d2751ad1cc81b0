"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc/client";

/** The trace's scores; the header and the span panel share one cached query. */
export function useTraceScores(projectId: string, traceId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.scores.byTrace.queryOptions({ projectId, traceId }));
}
