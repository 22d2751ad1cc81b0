"use client";

import type { ScoreView } from "@sightline/core";
import { useState, type ReactNode } from "react";
import { formatTimestamp } from "@/features/traces/lib/format";
import { ScoreValue } from "./score-value";

const FIRST_SHOWN = 6;

/**
 * Scores as rows: name, value, where it points (optional), who sent it and when, and the
 * comment. Names, labels and comments come from applications: React text nodes only.
 */
export function ScoreList({ scores, target }: { scores: readonly ScoreView[]; target?: (score: ScoreView) => ReactNode }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? scores : scores.slice(0, FIRST_SHOWN);
  return (
    <div>
      <ul className="space-y-1.5">
        {shown.map((score) => (
          <li key={score.id} data-testid="score" data-score-name={score.name} className="rounded-md border border-gray-200 px-3 py-1.5">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
              <span className="font-medium break-all text-gray-900">{score.name}</span>
              <ScoreValue score={score} />
              {target?.(score)}
              <span
                className="ml-auto text-[11px] text-gray-400"
                title={`scored ${score.timestamp} · stored ${score.createdAt} · id ${score.id}`}
              >
                {score.source} · <span className="font-mono">{score.author}</span> · {formatTimestamp(score.timestamp)}
              </span>
            </div>
            {score.comment ? (
              <p data-testid="score-comment" className="mt-1 max-h-40 overflow-auto text-xs break-words whitespace-pre-wrap text-gray-700">
                {score.comment}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      {scores.length > FIRST_SHOWN ? (
        <button
          type="button"
          onClick={() => setShowAll((v) => !v)}
          className="mt-1.5 text-xs font-medium text-indigo-600 hover:text-indigo-500"
        >
          {showAll ? "Show fewer" : `Show all ${scores.length} scores`}
        </button>
      ) : null}
    </div>
  );
}
