/**
 * The request body Langfuse's OpenTelemetry SDK posted (test/capture/langfuse.ts:
 * @langfuse/tracing + @langfuse/otel's LangfuseSpanProcessor, captured at a local
 * `/api/public/otel/v1/traces`), mapped by us.
 */
import { describe, expect, it } from "vitest";
import { byName, mapFixture } from "./support/fixtures";

describe("Langfuse OTel SDK", () => {
  const spans = mapFixture("langfuse/observations.json");

  it("observation types map to kinds", () => {
    expect(byName(spans, "weather-request").kind).toBe("span");
    expect(byName(spans, "llm-call").kind).toBe("generation");
    expect(byName(spans, "search-docs").kind).toBe("retrieval");
    expect(byName(spans, "get_weather").kind).toBe("tool");
    expect(byName(spans, "moderation").kind).toBe("guardrail");
    for (const span of spans) expect(span.mappedFrom.kind).toBe("langfuse");
  });

  it("generation: model, parameters, usage and cost details (JSON strings), messages on their sides", () => {
    const generation = byName(spans, "llm-call");
    expect(generation).toMatchObject({
      model: "gpt-4o-mini",
      modelParameters: { temperature: 0.2, max_tokens: 256 },
      usage: { input: 52, output: 17, total: 69, cacheRead: 32 },
      cost: 0.0000882,
      input: [
        { role: "system", content: "You are a weather assistant." },
        { role: "user", content: "What is the weather in Lisbon?" },
      ],
      output: [{ role: "assistant", content: "Lisbon is sunny, 24°C." }],
    });
    expect(generation.mappedFrom).toMatchObject({ model: "langfuse", "usage.cacheRead": "langfuse", cost: "langfuse", input: "langfuse", output: "langfuse" });
  });

  it("trace attributes on every observation: user, session, tags, environment, release, version", () => {
    for (const span of spans) {
      expect(span).toMatchObject({
        userId: "lf-user-1",
        sessionId: "lf-session-1",
        tags: ["weather", "fixture"],
        environment: "staging",
        release: "v1.4.0",
        version: "2.0.1",
      });
      expect(span.mappedFrom).toMatchObject({ userId: "langfuse", sessionId: "langfuse", tags: "langfuse", environment: "langfuse", release: "langfuse", version: "langfuse" });
    }
  });

  it("level ERROR with the OTel status unset is an error with its status message; WARNING is not", () => {
    expect(byName(spans, "moderation")).toMatchObject({ status: "error", statusMessage: "moderation service unavailable" });
    expect(byName(spans, "moderation").mappedFrom.status).toBe("langfuse");
    expect(byName(spans, "get_weather")).toMatchObject({ status: "unset", statusMessage: "cached result", input: { city: "Lisbon" }, output: { forecast: "sunny" } });
  });

  it("retriever output doubles as its documents; plain strings stay strings", () => {
    expect(byName(spans, "search-docs").documents).toEqual([{ id: "doc-1", content: "Lisbon has 300 days of sun.", score: 0.9 }]);
    expect(byName(spans, "moderation").input).toBe("Lisbon is sunny, 24°C.");
  });
});
