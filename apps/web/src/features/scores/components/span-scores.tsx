"use client";

import { useParams } from "next/navigation";
import { ScoreList } from "./score-list";
import { ScoresState } from "./scores-state";
import { useTraceScores } from "./use-trace-scores";

/** The scores attached to one span (the trace's query, filtered), for the span panel. */
export function SpanScores({ traceId, spanId }: { traceId: string; spanId: string }) {
  // The panel sits on /project/[projectId]/traces/[traceId]: the project comes from the route.
  const { projectId } = useParams<{ projectId: string }>();
  const query = useTraceScores(decodeURIComponent(projectId), traceId);
  const scores = (query.data ?? []).filter((score) => score.spanId === spanId);
  return (
    <div data-testid="span-scores-list">
      <ScoresState query={query} empty={scores.length === 0 ? "No scores on this span." : null}>
        <ScoreList scores={scores} />
      </ScoresState>
    </div>
  );
}
