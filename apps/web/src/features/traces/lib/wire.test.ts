import { describe, expect, it } from "vitest";
import { spanView } from "./__fixtures__/span-view";
import { traceFromWire, type WireSpanView } from "./wire";

describe("traceFromWire", () => {
  it("turns payloads dropped by the JSON encoding back into null, and keeps the rest", () => {
    const { input: _input, output: _output, ...withoutPayloads } = spanView({ spanId: "a" });
    const wireSpan: WireSpanView = withoutPayloads;
    const kept = spanView({ spanId: "b", input: "question", output: { answer: 42 } });
    const trace = traceFromWire({
      traceId: kept.traceId,
      name: "t",
      startTime: kept.startTime,
      endTime: kept.endTime,
      durationMs: 10,
      spanCount: 2,
      errorCount: 0,
      usage: { input: 0, output: 0, total: 0 },
      cost: null,
      userId: "",
      sessionId: "",
      release: "",
      version: "",
      environment: "",
      tags: [],
      spans: [wireSpan, kept],
    });
    expect(trace.spans[0]).toMatchObject({ spanId: "a", input: null, output: null });
    expect(trace.spans[1]).toMatchObject({ spanId: "b", input: "question", output: { answer: 42 } });
  });
});
