import { describe, expect, it } from "vitest";
import { mappedVia, retrievalQuery } from "./span-fields";

describe("mappedVia", () => {
  it("names the first foreign convention among the given fields", () => {
    const mappedFrom = { model: "gen_ai", "usage.input": "openinference", provider: "sightline" };
    expect(mappedVia(mappedFrom, "model")).toBe("gen_ai");
    expect(mappedVia(mappedFrom, "usage", "usage.input")).toBe("openinference");
  });

  it("gives no hint for our own attributes or unmapped fields", () => {
    expect(mappedVia({ provider: "sightline" }, "provider")).toBeNull();
    expect(mappedVia({}, "cost")).toBeNull();
  });
});

describe("retrievalQuery", () => {
  it("reads the query from text input, a {query} object, or known attributes", () => {
    expect(retrievalQuery({ input: "where are spans stored?", attributes: {} })).toBe("where are spans stored?");
    expect(retrievalQuery({ input: { query: "q1", topK: 3 }, attributes: {} })).toBe("q1");
    expect(retrievalQuery({ input: '{"query":"q2"}', attributes: {} })).toBe("q2");
    expect(retrievalQuery({ input: null, attributes: { "gen_ai.retrieval.query.text": "q3" } })).toBe("q3");
  });

  it("is null when there is no query", () => {
    expect(retrievalQuery({ input: { topK: 3 }, attributes: {} })).toBeNull();
  });
});
