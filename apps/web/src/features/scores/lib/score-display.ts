import type { ScoreView } from "@sightline/core";

const numeric = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/** A score's value as text: "0.8125", "1,200", "true", "billing". */
export function formatScoreValue(score: Pick<ScoreView, "dataType" | "value">): string {
  if (score.dataType === "numeric" && typeof score.value === "number") return numeric.format(score.value);
  return String(score.value);
}

/** How a value reads at a glance: booleans as pass/fail, labels as labels, numbers neutral. */
export type ScoreTone = "pass" | "fail" | "label" | "number";

export function scoreTone(score: Pick<ScoreView, "dataType" | "value">): ScoreTone {
  if (score.dataType === "boolean") return score.value === true ? "pass" : "fail";
  return score.dataType === "categorical" ? "label" : "number";
}

/** Trace-level scores first, then span-level ones; each group in timestamp order (as stored). */
export function splitByLevel(scores: readonly ScoreView[]): { trace: ScoreView[]; spans: ScoreView[] } {
  return { trace: scores.filter((s) => s.spanId === null), spans: scores.filter((s) => s.spanId !== null) };
}
