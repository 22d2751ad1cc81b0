import { decodeTraceRequest, mapTraceRequest, SL } from "@sightline/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SL as SDK_KEYS } from "../src/attribute-keys.js";
import { CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

describe("what the server makes of the SDK's requests", () => {
  it("uses exactly the attribute keys the server's mapper reads", () => {
    expect(SDK_KEYS).toEqual(SL);
  });

  it("maps kinds, messages, documents, usage, cost, status and trace attributes", async () => {
    const sightline = clientFor(server, { serviceName: "qa-bot", release: "abc123", version: "v2", environment: "staging" });
    await sightline
      .trace(
        "answer-question",
        async () => {
          await sightline.retrieval(
            "search-docs",
            async (r) => {
              r.setDocuments([
                { id: "doc-1", content: "Sightline stores spans in ClickHouse.", score: 0.92, metadata: { source: "docs" } },
                { id: "doc-2", content: "Postgres keeps users.", score: 0.41 },
              ]);
            },
            { query: "where are spans stored?" },
          );
          await sightline.generation(
            "llm",
            async (g) => {
              g.update({
                output: { role: "assistant", content: "In ClickHouse." },
                usage: { input: 42, output: 4, cacheRead: 10, reasoning: 2 },
                cost: 0.00012,
              });
            },
            {
              model: "gpt-4o-mini",
              provider: "openai",
              input: [
                { role: "system", content: "Answer briefly." },
                { role: "user", content: "Where are spans stored?" },
              ],
              modelParameters: { temperature: 0.2, max_tokens: 64 },
            },
          );
          await sightline.span("post-process", async () => {
            throw new Error("formatter crashed");
          });
        },
        { userId: "user-1", sessionId: "session-1", tags: ["prod", "qa"] },
      )
      .catch(() => undefined);
    await sightline.flush();

    expect(server.requests).toHaveLength(1);
    const decoded = decodeTraceRequest(new Uint8Array(server.requests[0]!.body), "protobuf");
    const { spans, rejected } = mapTraceRequest(decoded, { projectId: "project-1" });
    expect(rejected.count).toBe(0);
    expect(spans).toHaveLength(4);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    const root = byName["answer-question"]!;
    const retrieval = byName["search-docs"]!;
    const generation = byName["llm"]!;
    const failed = byName["post-process"]!;

    expect(root.kind).toBe("span");
    expect(root.parentSpanId).toBe("");
    expect(retrieval.kind).toBe("retrieval");
    expect(generation.kind).toBe("generation");
    expect(failed.kind).toBe("span");
    for (const child of [retrieval, generation, failed]) expect(child.parentSpanId).toBe(root.spanId);

    expect(retrieval.input).toBe("where are spans stored?");
    expect(retrieval.documents).toEqual([
      { id: "doc-1", content: "Sightline stores spans in ClickHouse.", score: 0.92, metadata: { source: "docs" } },
      { id: "doc-2", content: "Postgres keeps users.", score: 0.41 },
    ]);

    expect(generation.model).toBe("gpt-4o-mini");
    expect(generation.provider).toBe("openai");
    expect(generation.input).toEqual([
      expect.objectContaining({ role: "system", content: "Answer briefly." }),
      expect.objectContaining({ role: "user", content: "Where are spans stored?" }),
    ]);
    expect(JSON.stringify(generation.output)).toContain("In ClickHouse.");
    expect(generation.modelParameters).toEqual({ temperature: 0.2, max_tokens: 64 });
    expect(generation.usage).toEqual({ input: 42, output: 4, total: 46, cacheRead: 10, reasoning: 2 });
    expect(generation.cost).toBeCloseTo(0.00012, 10);
    expect(generation.mappedFrom.kind).toBe("sightline");
    expect(generation.status).toBe("ok");

    expect(failed.status).toBe("error");
    expect(failed.statusMessage).toBe("formatter crashed");
    expect(root.status).toBe("error");

    for (const span of spans) {
      expect(span.projectId).toBe("project-1");
      expect(span.traceId).toBe(root.traceId);
      expect(span.userId).toBe("user-1");
      expect(span.sessionId).toBe("session-1");
      expect(span.release).toBe("abc123");
      expect(span.version).toBe("v2");
      expect(span.environment).toBe("staging");
      expect(span.tags).toEqual(["prod", "qa"]);
      expect(span.serviceName).toBe("qa-bot");
      expect(span.scopeName).toBe("@sightline/sdk");
      expect(span.endTimeUs).toBeGreaterThanOrEqual(span.startTimeUs);
    }
    expect(generation.startTimeUs).toBeGreaterThanOrEqual(root.startTimeUs);
    expect(root.endTimeUs).toBeGreaterThanOrEqual(generation.endTimeUs);
  });
});
