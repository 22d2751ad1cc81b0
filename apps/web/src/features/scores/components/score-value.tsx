import type { ScoreView } from "@sightline/core";
import { formatScoreValue, scoreTone, type ScoreTone } from "../lib/score-display";

const toneClasses: Record<ScoreTone, string> = {
  pass: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  fail: "bg-red-50 text-red-700 ring-red-200",
  label: "bg-indigo-50 text-indigo-700 ring-indigo-200",
  number: "bg-gray-100 text-gray-900 ring-gray-200",
};

/** A score's value as a pill; the text comes from the application, so it is rendered as text only. */
export function ScoreValue({ score }: { score: Pick<ScoreView, "dataType" | "value"> }) {
  const tone = scoreTone(score);
  return (
    <span
      data-testid="score-value"
      data-tone={tone}
      className={`inline-flex max-w-full items-center rounded px-1.5 py-0.5 font-mono text-xs font-medium break-all ring-1 ring-inset tabular-nums ${toneClasses[tone]}`}
    >
      {tone === "pass" ? "✓ " : tone === "fail" ? "✗ " : ""}
      {formatScoreValue(score)}
    </span>
  );
}
