/**
 * Usage rollups: a span whose usage repeats its descendants' is flagged `usageRollup` so trace
 * totals count the leaves once (packages/clickhouse migration 0003 reads the flag).
 */
import { describe, expect, it } from "vitest";
import { ingest, request, span, TRACE_ID } from "./support/build";

const usage = (input: number, output: number) => ({ "gen_ai.usage.input_tokens": input, "gen_ai.usage.output_tokens": output });
const chat = { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o" };

describe("usage rollups", () => {
  it("an agent or chain with usage is a rollup even when its children arrive in another request", () => {
    const [agent] = ingest(request([span({ spanId: "1000000000000001", attributes: { "gen_ai.operation.name": "invoke_agent", ...usage(10, 2) } })])).spans;
    const [workflow] = ingest(request([span({ attributes: { "gen_ai.operation.name": "invoke_workflow", ...usage(10, 2) } })])).spans;
    expect(agent!.usageRollup).toBe(true);
    expect(workflow!.usageRollup).toBe(true);
  });

  it("agents and chains without usage, and model calls on their own, are not flagged", () => {
    const spans = ingest(request([span({ attributes: { "gen_ai.operation.name": "invoke_agent" } }), span({ attributes: { ...chat, ...usage(5, 1) } })])).spans;
    expect(spans.map((s) => s.usageRollup)).toEqual([undefined, undefined]);
  });

  it("any span with usage above another span with usage in the same request is a rollup, through spans without usage", () => {
    const outer = "0000000000000a01";
    const middle = "0000000000000a02";
    const spans = ingest(
      request([
        span({ spanId: outer, name: "manual generation", attributes: { ...chat, ...usage(30, 6) } }),
        span({ spanId: middle, parentSpanId: outer, name: "plain step" }),
        span({ parentSpanId: middle, name: "chat a", attributes: { ...chat, ...usage(10, 2) } }),
        span({ parentSpanId: middle, name: "chat b", attributes: { ...chat, ...usage(20, 4) } }),
      ]),
    ).spans;
    expect(spans.map((s) => [s.name, s.usageRollup ?? false])).toEqual([
      ["manual generation", true],
      ["plain step", false],
      ["chat a", false],
      ["chat b", false],
    ]);
  });

  it("spans of other traces with the same span ids are not confused", () => {
    const parent = "0000000000000b01";
    const spans = ingest(
      request([
        span({ spanId: parent, name: "generation, trace 1", attributes: { ...chat, ...usage(3, 1) } }),
        span({ traceId: "f".repeat(32), parentSpanId: parent, name: "child in trace 2", attributes: { ...chat, ...usage(3, 1) } }),
      ]),
    ).spans;
    expect(spans[0]!.traceId).toBe(TRACE_ID);
    expect(spans.map((s) => s.usageRollup)).toEqual([undefined, undefined]);
  });

  it("a parent cycle in the request ends (no hang, both spans kept)", () => {
    const a = "0000000000000c01";
    const b = "0000000000000c02";
    const spans = ingest(
      request([
        span({ spanId: a, parentSpanId: b, name: "a", attributes: { ...chat, ...usage(1, 1) } }),
        span({ spanId: b, parentSpanId: a, name: "b", attributes: { ...chat, ...usage(1, 1) } }),
      ]),
    ).spans;
    expect(spans).toHaveLength(2);
  });
});
