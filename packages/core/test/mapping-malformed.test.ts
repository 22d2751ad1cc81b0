/**
 * Malformed attribute values (wrong types, broken JSON text, odd shapes) never drop the span:
 * the field falls through to the next rule or its default, and the raw value stays in
 * `attributes`. Each case maps one span in both wire formats.
 */
import { describe, expect, it } from "vitest";
import { FORMATS, ingest, NOW_NS, request, span } from "./support/build";

const cases: [string, Record<string, unknown>][] = [
  ["gen_ai.input.messages broken JSON", { "gen_ai.input.messages": '[{"role":"user","parts":[' }],
  ["gen_ai.output.messages a number", { "gen_ai.output.messages": 42 }],
  ["gen_ai.input.messages a list of non-messages", { "gen_ai.input.messages": [1, "two", null] }],
  ["gen_ai.system_instructions an object", { "gen_ai.system_instructions": { nope: true } }],
  ["gen_ai.tool.definitions broken JSON", { "gen_ai.tool.definitions": "[{", "gen_ai.operation.name": "chat" }],
  ["gen_ai.usage.input_tokens text", { "gen_ai.usage.input_tokens": "many", "gen_ai.usage.output_tokens": -5 }],
  ["gen_ai.usage.cost negative / NaN", { "gen_ai.usage.cost": -1, "llm.cost.total": "NaN" }],
  ["gen_ai.operation.name a list", { "gen_ai.operation.name": ["chat"] }],
  ["gen_ai.retrieval.documents broken JSON", { "gen_ai.retrieval.documents": '[{"id":' }],
  ["llm.invocation_parameters not JSON", { "llm.invocation_parameters": "{temperature: 1" }],
  ["llm.input_messages with a non-numeric index", { "llm.input_messages.x.message.role": "user", "llm.input_messages.99999999.message.content": "far" }],
  ["retrieval.documents metadata broken JSON", { "retrieval.documents.0.document.metadata": "{oops", "retrieval.documents.0.document.score": "high" }],
  ["langfuse usage_details broken JSON", { "langfuse.observation.usage_details": "{input: 5", "langfuse.observation.type": "generation" }],
  ["langfuse input a bare word (not JSON)", { "langfuse.observation.input": "hello", "langfuse.observation.output": '{"a":' }],
  ["langfuse.trace.tags a number", { "langfuse.trace.tags": 7 }],
  ["ai.prompt.messages broken JSON", { "ai.prompt.messages": "[{", "ai.operationId": "ai.generateText.doGenerate" }],
  ["ai.response.toolCalls not a list", { "ai.response.toolCalls": '{"toolName":1}' }],
  ["ai.prompt a JSON string, not an object", { "ai.prompt": '"just text"' }],
  ["ai.values with a non-JSON element", { "ai.values": ["{", '"ok"'] }],
  ["gen_ai.prompt.0.* with an object content", { "gen_ai.prompt.0.role": "user", "gen_ai.prompt.0.content": { nested: true } }],
  ["traceloop.entity.output broken JSON", { "traceloop.entity.output": '{"a":' }],
  ["tag.tags an object", { "tag.tags": '{"a":1}' }],
];

describe.each(FORMATS)("malformed attribute values keep the span (%s)", (format) => {
  it.each(cases)("%s", (_name, attributes) => {
    const result = ingest(request([span({ attributes })]), format);
    expect(result.rejected.count).toBe(0);
    expect(result.spans).toHaveLength(1);
    const mapped = result.spans[0]!;
    expect(Number.isFinite(mapped.usage.input) && mapped.usage.input >= 0).toBe(true);
    expect(Number.isFinite(mapped.usage.output) && mapped.usage.output >= 0).toBe(true);
    expect(mapped.cost === null || (Number.isFinite(mapped.cost) && mapped.cost >= 0)).toBe(true);
    // What could not be understood is still there, as received: in attributes, or held whole by input/output.
    for (const [key, value] of Object.entries(attributes)) {
      const heldWhole = mapped.input === value || mapped.output === value;
      expect(key in mapped.attributes || heldWhole, key).toBe(true);
    }
  });

  it("one malformed span does not affect its valid neighbour in the same request", () => {
    const result = ingest(
      request([
        span({ attributes: { "gen_ai.input.messages": "[{", "gen_ai.usage.input_tokens": { a: 1 } } }),
        span({ attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 3 }, startTimeUnixNano: NOW_NS - 3_000_000_000n }),
      ]),
      format,
    );
    expect(result.spans).toHaveLength(2);
    expect(result.spans[0]!.input).toBe("[{");
    expect(result.spans[1]).toMatchObject({ kind: "generation", model: "gpt-4o", usage: { input: 3 } });
  });
});
