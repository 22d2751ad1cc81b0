import type { SpanEvaluation } from "@sightline/core";
import { CollapsibleText } from "../common/collapsible-text";

/**
 * Evaluation results the instrumentation reported on the span (`gen_ai.evaluation.result`
 * events): name, score and/or label, and the evaluator's explanation. Text from the sender
 * is rendered as text, never as markup.
 */
export function SpanEvaluations({ evaluations }: { evaluations: SpanEvaluation[] }) {
  return (
    <ul className="space-y-1.5">
      {evaluations.map((evaluation, i) => (
        <li key={i} className="rounded-md border border-gray-200 px-3 py-2 text-xs" data-testid="span-evaluation">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-medium text-gray-900">{evaluation.name}</span>
            {evaluation.score !== undefined ? (
              <span className="font-mono text-gray-700 tabular-nums" title="score">
                {formatScore(evaluation.score)}
              </span>
            ) : null}
            {evaluation.label ? (
              <span className="rounded bg-gray-100 px-1.5 py-0.5 text-[11px] text-gray-700" title="label">
                {evaluation.label}
              </span>
            ) : null}
          </div>
          {evaluation.explanation ? (
            <div className="mt-1 text-gray-600">
              <CollapsibleText text={evaluation.explanation} />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function formatScore(score: number): string {
  return Number.isInteger(score) ? String(score) : score.toFixed(Math.abs(score) < 1 ? 3 : 2);
}
