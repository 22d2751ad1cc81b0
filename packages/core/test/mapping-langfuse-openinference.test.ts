/** Langfuse and OpenInference attributes added after the base table, table-driven. */
import { describe, expect, it } from "vitest";
import { mapOne } from "./support/build";

const json = (v: unknown) => JSON.stringify(v);
type Case = [string, Record<string, unknown>, Record<string, unknown>];

describe("Langfuse usage details and documents", () => {
  const cases: Case[] = [
    [
      "Langfuse names: input, output, total, cache read and creation, reasoning",
      {
        "langfuse.observation.type": "generation",
        "langfuse.observation.usage_details": json({
          input: 100,
          output: 20,
          total: 120,
          cache_read_input_tokens: 40,
          cache_creation_input_tokens: 10,
          output_reasoning_tokens: 5,
        }),
      },
      { usage: { input: 100, output: 20, total: 120, cacheRead: 40, reasoning: 5, cacheCreation: 10 } },
    ],
    [
      "OpenAI-shaped usage details (prompt_tokens / completion_tokens)",
      { "langfuse.observation.usage_details": json({ prompt_tokens: 7, completion_tokens: 3 }) },
      { usage: { input: 7, output: 3, total: 10, cacheRead: 0, reasoning: 0 } },
    ],
    [
      "cost details without a total are summed",
      { "langfuse.observation.cost_details": json({ input: 0.25, output: 0.5 }) },
      { cost: 0.75, mappedFrom: expect.objectContaining({ cost: "langfuse" }) },
    ],
    [
      "a retriever's output is also its documents",
      { "langfuse.observation.type": "retriever", "langfuse.observation.output": json([{ id: "d1", text: "Doc one", score: 0.4 }]) },
      { kind: "retrieval", documents: [{ id: "d1", content: "Doc one", score: 0.4 }], mappedFrom: expect.objectContaining({ documents: "langfuse" }) },
    ],
    [
      "other observations' output lists are not documents",
      { "langfuse.observation.type": "span", "langfuse.observation.output": json([{ id: "d1", text: "Doc one" }]) },
      { documents: [] },
    ],
    [
      "user.id / session.id on a Langfuse observation are credited to Langfuse",
      { "langfuse.observation.type": "span", "user.id": "u", "session.id": "s" },
      { userId: "u", sessionId: "s", mappedFrom: expect.objectContaining({ userId: "langfuse", sessionId: "langfuse" }) },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected) => {
    expect(mapOne(attributes)).toMatchObject(expected);
  });
});

describe("OpenInference extras", () => {
  // The kind table is covered in mapping-conventions.test.ts; values are matched case-insensitively.
  it("openinference.span.kind is case-insensitive", () => {
    expect(mapOne({ "openinference.span.kind": "llm" })).toMatchObject({ kind: "generation", mappedFrom: { kind: "openinference" } });
  });

  const cases: Case[] = [
    [
      "llm.cost.prompt + llm.cost.completion when no total; cache write tokens",
      { "llm.cost.prompt": 0.01, "llm.cost.completion": 0.02, "llm.token_count.prompt": 9, "llm.token_count.prompt_details.cache_write": 4 },
      { cost: 0.03, usage: expect.objectContaining({ input: 9, cacheCreation: 4 }), mappedFrom: expect.objectContaining({ cost: "openinference", "usage.cacheCreation": "openinference" }) },
    ],
    [
      "llm.cost.total wins over the parts",
      { "llm.cost.total": 0.5, "llm.cost.prompt": 0.01 },
      { cost: 0.5 },
    ],
    [
      "embedding texts are the input, before input.value",
      { "openinference.span.kind": "EMBEDDING", "embedding.embeddings.1.embedding.text": "b", "embedding.embeddings.0.embedding.text": "a", "input.value": "ignored" },
      { input: ["a", "b"] },
    ],
  ];
  it.each(cases)("%s", (_name, attributes, expected) => {
    expect(mapOne(attributes)).toMatchObject(expected);
  });
});
