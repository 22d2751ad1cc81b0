import { decodeTraceRequest, mapTraceRequest, type MapResult } from "@sightline/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tracedChat } from "../examples/opentelemetry.js";
import { answerWithTelemetry, offlineModel } from "../examples/vercel-ai.js";
import { CaptureServer } from "./capture-server.js";
import { PUBLIC_KEY, SECRET_KEY } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

/** What Sightline's ingest would store: every request decoded and mapped by the server's own code. */
function ingested(): MapResult["spans"] {
  return server.requests.flatMap((request) => {
    const format = request.headers["content-type"] === "application/x-protobuf" ? "protobuf" : "json";
    const mapped = mapTraceRequest(decodeTraceRequest(new Uint8Array(request.body), format), { projectId: "p" });
    expect(mapped.rejected.count).toBe(0);
    return mapped.spans;
  });
}

const connection = () => ({ baseUrl: server.url, publicKey: PUBLIC_KEY, secretKey: SECRET_KEY });

describe("examples (no Sightline SDK involved)", () => {
  it("Vercel AI SDK telemetry through @ai-sdk/otel arrives as a trace with one generation carrying model and usage", async () => {
    const text = await answerWithTelemetry(connection(), offlineModel(), "Where are spans stored?");
    expect(text).toBe("Spans are stored in ClickHouse.");
    expect(server.requests[0]!.path).toBe("/api/public/otel/v1/traces");
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`);
    const spans = ingested();
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const generations = spans.filter((s) => s.kind === "generation");
    expect(generations).toHaveLength(1); // the wrapper span does not count as a second model call
    expect(generations[0]!.model).toContain("gpt-4o-mini");
    expect(generations[0]!.usage).toMatchObject({ input: 12, output: 7 });
    expect(JSON.stringify(generations[0]!.output)).toContain("Spans are stored in ClickHouse.");
  });

  it("a plain OpenTelemetry app with GenAI attributes arrives as a trace Sightline maps", async () => {
    expect(await tracedChat(connection(), "Where are spans stored?")).toContain("ClickHouse");
    const spans = ingested();
    const root = spans.find((s) => s.name === "handle-question")!;
    const chat = spans.find((s) => s.name === "chat gpt-4o-mini")!;
    expect(chat.parentSpanId).toBe(root.spanId);
    expect(chat.kind).toBe("generation");
    expect(chat.model).toBe("gpt-4o-mini");
    expect(chat.provider).toBe("openai");
    expect(chat.usage).toMatchObject({ input: 12, output: 7 });
    expect(JSON.stringify(chat.input)).toContain("Where are spans stored?");
    expect(root.userId).toBe("user-1");
    expect(root.serviceName).toBe("support-bot");
  });
});
