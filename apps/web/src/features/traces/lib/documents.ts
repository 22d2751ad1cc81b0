import type { RetrievedDocument } from "@sightline/core";
import { isRecord, parseJsonContainer } from "./json-value";

export interface RankedDocument {
  /** 1-based position in the order the retriever returned. */
  rank: number;
  id: string | null;
  content: string | null;
  score: number | null;
  /** 0..1 length of the score bar; null when the document has no score. */
  scoreFraction: number | null;
  metadata: Record<string, unknown>;
}

/**
 * Documents in retriever order (that order is the ranking the model saw), with a score
 * bar scaled so scores in [0, 1] read as they are and other scales (BM25, logits,
 * distances) read relative to the largest absolute score of the list.
 */
export function rankDocuments(documents: readonly RetrievedDocument[] | null | undefined): RankedDocument[] {
  const list = (documents ?? []).filter(isRecord) as RetrievedDocument[];
  const scores = list.map((d) => toScore(d.score)).filter((s): s is number => s !== null);
  const unitScale = scores.every((s) => s >= 0 && s <= 1);
  const maxAbs = Math.max(0, ...scores.map(Math.abs));
  return list.map((doc, index) => {
    const score = toScore(doc.score);
    let scoreFraction: number | null = null;
    if (score !== null) scoreFraction = unitScale ? score : maxAbs > 0 ? Math.abs(score) / maxAbs : 0;
    return {
      rank: index + 1,
      id: doc.id === undefined || doc.id === null || doc.id === "" ? null : String(doc.id),
      content: typeof doc.content === "string" ? doc.content : doc.content == null ? null : JSON.stringify(doc.content),
      score,
      scoreFraction,
      metadata: toMetadata(doc.metadata),
    };
  });
}

function toScore(value: unknown): number | null {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
}

/** OpenInference sends metadata as a JSON string; accept it either way. */
function toMetadata(value: unknown): Record<string, unknown> {
  const parsed = parseJsonContainer(value);
  if (isRecord(parsed)) return parsed;
  if (parsed === undefined || parsed === null || parsed === "") return {};
  return { value: parsed };
}
