import type { RankedDocument } from "../../lib/documents";
import { CollapsibleText } from "../common/collapsible-text";
import { JsonViewer } from "../common/json-viewer";

/** Retrieved documents in the order the retriever ranked them, each with its score bar. */
export function RetrievalDocuments({ documents }: { documents: RankedDocument[] }) {
  return (
    <ol className="space-y-2" data-testid="retrieval-documents">
      {documents.map((doc) => (
        <li
          key={doc.rank}
          data-testid="retrieval-document"
          data-document-id={doc.id ?? undefined}
          data-rank={doc.rank}
          className="rounded-md border border-gray-200 bg-white px-3 py-2"
        >
          <div className="flex items-center gap-2 text-[11px]">
            <span className="flex size-5 shrink-0 items-center justify-center rounded bg-gray-900 font-semibold text-white tabular-nums">
              {doc.rank}
            </span>
            <span className="min-w-0 truncate font-mono text-gray-700" title={doc.id ?? undefined}>
              {doc.id ?? <span className="text-gray-400">no id</span>}
            </span>
            {doc.score !== null ? (
              <span className="ml-auto flex shrink-0 items-center gap-1.5" data-testid="document-score">
                <span className="h-1.5 w-20 overflow-hidden rounded-full bg-gray-100" aria-hidden>
                  <span
                    className="block h-full rounded-full bg-amber-500"
                    style={{ width: `${Math.round((doc.scoreFraction ?? 0) * 100)}%` }}
                  />
                </span>
                <span className="font-mono text-gray-700 tabular-nums">{formatScore(doc.score)}</span>
              </span>
            ) : null}
          </div>
          {doc.content !== null ? (
            <CollapsibleText text={doc.content} className="mt-1.5" />
          ) : (
            <p className="mt-1 text-xs text-gray-400 italic">(no content)</p>
          )}
          <DocumentMetadata metadata={doc.metadata} />
        </li>
      ))}
    </ol>
  );
}

/** Small flat metadata as chips; anything bigger in a collapsed JSON viewer. */
function DocumentMetadata({ metadata }: { metadata: Record<string, unknown> }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return null;
  const flat = entries.length <= 6 && entries.every(([, v]) => v === null || typeof v !== "object");
  if (flat) {
    return (
      <div className="mt-1.5 flex flex-wrap gap-1" data-testid="document-metadata">
        {entries.map(([key, value]) => (
          <span key={key} className="max-w-full truncate rounded bg-gray-100 px-1.5 py-0.5 font-mono text-[10px] text-gray-600">
            <span className="text-gray-400">{key}:</span> {String(value)}
          </span>
        ))}
      </div>
    );
  }
  return (
    <details className="mt-1.5">
      <summary className="cursor-pointer text-[11px] font-medium text-gray-500">Metadata ({entries.length})</summary>
      <div className="mt-1">
        <JsonViewer value={metadata} expandDepth={1} testId="document-metadata" />
      </div>
    </details>
  );
}

function formatScore(score: number): string {
  return Math.abs(score) >= 100 ? score.toFixed(1) : Number(score.toPrecision(4)).toString();
}
