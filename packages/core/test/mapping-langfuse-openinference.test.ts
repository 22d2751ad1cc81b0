/** Langfuse and OpenInference attributes added after the base table, table-driven. */
import { describe, expect, it } from "vitest";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest, TRUNCATION_MARKER } from "../src/index";
import { mapOne, NOW_US, request, span } from "./support/build";

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

describe("prompts", () => {
  const cases: Case[] = [
    [
      "OpenInference template, version and variables (JSON text)",
      {
        "llm.prompt_template.template": "Describe the weather in {city} on {date}",
        "llm.prompt_template.version": "v1.0",
        "llm.prompt_template.variables": json({ city: "Johannesburg", date: "July 11" }),
      },
      {
        prompt: { template: "Describe the weather in {city} on {date}", version: "v1.0", variables: { city: "Johannesburg", date: "July 11" } },
        mappedFrom: expect.objectContaining({ prompt: "openinference" }),
      },
    ],
    [
      "OpenInference's unnested names",
      { "llm.prompt_template": "Answer as {{persona}}", "llm.prompt_template_variables": json({ persona: "pirate" }) },
      { prompt: { template: "Answer as {{persona}}", variables: { persona: "pirate" } } },
    ],
    [
      "unparseable variables leave the template and stay in the attributes",
      { "llm.prompt_template.template": "Hi {name}", "llm.prompt_template.variables": "{name: oops" },
      { prompt: { template: "Hi {name}" }, attributes: expect.objectContaining({ "llm.prompt_template.variables": "{name: oops" }) },
    ],
    [
      "Langfuse managed prompt: name and numeric version",
      { "langfuse.observation.type": "generation", "langfuse.observation.prompt.name": "support-answer", "langfuse.observation.prompt.version": 3 },
      { prompt: { name: "support-answer", version: "3" }, mappedFrom: expect.objectContaining({ prompt: "langfuse" }) },
    ],
    ["blank values are no prompt", { "llm.prompt_template.template": "  ", "langfuse.observation.prompt.name": "" }, {}],
  ];
  it.each(cases)("%s", (_name, attributes, expected) => {
    const span = mapOne(attributes);
    expect(span).toMatchObject(expected);
    if (!("prompt" in expected)) expect(span.prompt).toBeUndefined();
  });

  it("cuts a template larger than the field cap, with a warning", () => {
    const result = mapTraceRequest(decodeTraceRequest(encodeTraceRequest(request([span({ attributes: { "llm.prompt_template.template": "x".repeat(5000) } })]), "protobuf").body, "protobuf"), {
      projectId: "p",
      nowUs: NOW_US,
      limits: { maxFieldChars: 1000 },
    });
    const template = result.spans[0]!.prompt!.template!;
    expect(template.length).toBeLessThanOrEqual(1000);
    expect(template.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(result.warnings.join(" ")).toMatch(/prompt is larger than 1000 characters and was truncated/);
  });
});
