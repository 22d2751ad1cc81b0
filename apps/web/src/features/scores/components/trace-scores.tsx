"use client";

import type { TraceDetail } from "@sightline/core";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useMemo } from "react";
import { splitByLevel } from "../lib/score-display";
import { ScoreList } from "./score-list";
import { ScoresState } from "./scores-state";
import { useTraceScores } from "./use-trace-scores";

/** Every score of the trace, in the trace header: trace-level first, then span-level ones linking to their span. */
export function TraceScores({ projectId, trace }: { projectId: string; trace: TraceDetail }) {
  const query = useTraceScores(projectId, trace.traceId);
  const pathname = usePathname();
  const spanNames = useMemo(() => new Map(trace.spans.map((s) => [s.spanId, s.name])), [trace.spans]);
  const scores = useMemo(() => {
    const { trace: traceLevel, spans } = splitByLevel(query.data ?? []);
    return [...traceLevel, ...spans];
  }, [query.data]);

  return (
    <section className="mt-3 border-t border-gray-100 pt-3" data-testid="trace-scores" aria-label="Scores">
      <h2 className="mb-1.5 text-[10px] tracking-wide text-gray-500 uppercase">
        Scores{query.data ? ` (${query.data.length})` : ""}
      </h2>
      <ScoresState
        query={query}
        empty={
          scores.length === 0 ? (
            <>
              No scores yet. Applications and evaluators attach them with <code className="font-mono">POST /api/public/scores</code>.
            </>
          ) : null
        }
      >
        <ScoreList
          scores={scores}
          target={(score) =>
            score.spanId ? (
              <Link
                href={`${pathname}?span=${encodeURIComponent(score.spanId)}`}
                replace
                scroll={false}
                className="text-[11px] text-indigo-600 hover:text-indigo-500"
                title={`Show span ${score.spanId}`}
              >
                on span “{spanNames.get(score.spanId) ?? score.spanId.slice(0, 8)}”
              </Link>
            ) : (
              <span className="text-[11px] text-gray-400">trace</span>
            )
          }
        />
      </ScoresState>
    </section>
  );
}
