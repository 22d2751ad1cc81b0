import { describe, expect, it } from "vitest";
import { rankDocuments } from "./documents";

describe("rankDocuments", () => {
  it("keeps retriever order as the rank and reads unit scores as they are", () => {
    const ranked = rankDocuments([
      { id: "doc-2", content: "second", score: 0.71 },
      { id: "doc-1", content: "first", score: 0.92 },
    ]);
    expect(ranked.map((d) => [d.rank, d.id, d.scoreFraction])).toEqual([
      [1, "doc-2", 0.71],
      [2, "doc-1", 0.92],
    ]);
  });

  it("scales scores outside [0, 1] by the largest absolute score", () => {
    const ranked = rankDocuments([{ score: 12 }, { score: 3 }, { score: -6 }]);
    expect(ranked.map((d) => d.scoreFraction)).toEqual([1, 0.25, 0.5]);
  });

  it("handles missing ids, scores and content, and numeric-string scores", () => {
    const [doc, second] = rankDocuments([{}, { id: "x", score: "0.5" as unknown as number }]);
    expect(doc).toEqual({ rank: 1, id: null, content: null, score: null, scoreFraction: null, metadata: {} });
    expect(second?.score).toBe(0.5);
  });

  it("parses metadata sent as a JSON string (OpenInference)", () => {
    const [doc] = rankDocuments([{ id: "a", metadata: '{"source":"faq.md","page":3}' as unknown as Record<string, unknown> }]);
    expect(doc?.metadata).toEqual({ source: "faq.md", page: 3 });
  });

  it("is empty for no documents", () => {
    expect(rankDocuments(undefined)).toEqual([]);
    expect(rankDocuments([])).toEqual([]);
  });
});
