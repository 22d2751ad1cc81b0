import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MAPPING_LIMITS, encodeTraceRequest, OTLP_CONTENT_TYPES, TRUNCATION_MARKER, type OtlpFormat, type SpanInput } from "@sightline/core";
import { startIngestEnvironment, type IngestEnvironment } from "./bad-input/environment";
import { exportAnswer, send } from "./bad-input/http";

// Large spans and large traces, over HTTP, read back through the public query API.
let env: IngestEnvironment;
beforeAll(async () => {
  env = await startIngestEnvironment({ maxBodyBytes: 64 * 1024 * 1024 });
}, 120_000);
afterAll(async () => {
  expect(env.server.escaped).toEqual([]);
  await env.stop();
});

const FIELD_CAP = DEFAULT_MAPPING_LIMITS.maxFieldChars;
const hexId = (bytes: number) => randomBytes(bytes).toString("hex");
const nowNs = () => BigInt(Date.now()) * 1_000_000n;

function ingest(spans: SpanInput[], format: OtlpFormat = "protobuf") {
  const encoded = encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": "large" } }, scopeSpans: [{ spans }] }] }, format);
  return send(env.server.url, "/v1/traces", {
    body: gzipSync(encoded.body),
    headers: { authorization: env.key.basic, "content-type": OTLP_CONTENT_TYPES[format], "content-encoding": "gzip" },
  });
}
const readTrace = async (traceId: string) => {
  const res = await env.query(`/api/public/traces/${traceId}`);
  expect(res.status).toBe(200);
  return res.json;
};

describe("large spans", () => {
  it.each(["protobuf", "json"] as const)("%s: a field just under the cap is stored whole, without a warning", async (format) => {
    const end = nowNs();
    const text = "w".repeat(FIELD_CAP - 100);
    const s: SpanInput = { traceId: hexId(16), spanId: hexId(8), name: "whole", startTimeUnixNano: end - 1000n, endTimeUnixNano: end, attributes: { "input.value": text } };
    const res = await ingest([s], format);
    expect(res.status).toBe(200);
    expect(exportAnswer(res)).toEqual({});
    expect((await readTrace(s.traceId)).spans[0].input).toBe(text);
  });

  it("multi-MB inputs and outputs ingest; each field is cut at the cap with a visible marker and a warning", async () => {
    const end = nowNs();
    const traceId = hexId(16);
    const messages = Array.from({ length: 3000 }, (_, i) => ({ role: i % 2 ? "assistant" : "user", parts: [{ type: "text", content: `message ${i} ${"m".repeat(1000)}` }] }));
    const spans: SpanInput[] = [
      { traceId, spanId: "1000000000000001", name: "text", startTimeUnixNano: end - 9000n, endTimeUnixNano: end, attributes: { "input.value": "i".repeat(6 * 1024 * 1024), "output.value": "o".repeat(3 * 1024 * 1024), kept: "small" } },
      {
        traceId,
        spanId: "1000000000000002",
        name: "chat",
        startTimeUnixNano: end - 8000n,
        endTimeUnixNano: end,
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "gen_ai.input.messages": JSON.stringify(messages) },
      },
    ];
    const res = await ingest(spans);
    expect(res.status).toBe(200);
    const warning = exportAnswer(res).partialSuccess;
    expect(warning?.rejected).toBe(0);
    expect(warning?.errorMessage).toMatch(/span 1000000000000001 .*input is larger than 1048576 characters and was truncated/);
    expect(warning?.errorMessage).toMatch(/span 1000000000000001 .*output is larger than 1048576 characters and was truncated/);
    expect(warning?.errorMessage).toMatch(/span 1000000000000002 .*input is larger than 1048576 characters and was truncated/);

    const byName = Object.fromEntries((await readTrace(traceId)).spans.map((s: { name: string }) => [s.name, s]));
    const text = byName.text;
    expect(text.input.length).toBeLessThanOrEqual(FIELD_CAP);
    expect(text.input.startsWith("iiii")).toBe(true);
    expect(text.input.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(text.output.endsWith(TRUNCATION_MARKER)).toBe(true);
    expect(text.attributes.kept).toBe("small");
    // A list keeps its shape: the first messages whole, then a marker saying how many are missing.
    const chat = byName.chat;
    expect(Array.isArray(chat.input)).toBe(true);
    expect(chat.input.length).toBeLessThan(messages.length);
    expect(chat.input[0]).toMatchObject({ role: "user" });
    expect(chat.input.at(-1)).toMatch(new RegExp(`^${TRUNCATION_MARKER.replace(/[[\]]/g, "\\$&")} \\d+ more items$`));
  });
});

describe("large traces", () => {
  it("a trace of 10,000 spans ingests in one request, reads back whole, and a retry adds nothing", async () => {
    const traceId = hexId(16);
    const end = nowNs();
    const root: SpanInput = { traceId, spanId: "f".repeat(16), name: "root", startTimeUnixNano: end - 20_000_000n, endTimeUnixNano: end };
    const spans: SpanInput[] = [root];
    for (let i = 1; i < 10_000; i++) {
      const parent = i < 100 ? root.spanId : (Math.floor(i / 100) + 0x1000).toString(16).padStart(16, "0");
      spans.push({
        traceId,
        spanId: (i + 0x1000).toString(16).padStart(16, "0"),
        parentSpanId: parent,
        name: `step ${i}`,
        startTimeUnixNano: end - 19_000_000n + BigInt(i),
        endTimeUnixNano: end - 1_000_000n,
        attributes: { "gen_ai.operation.name": "chat", "gen_ai.usage.input_tokens": 2, "gen_ai.usage.output_tokens": 1, "gen_ai.request.model": "m" },
      });
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await ingest(spans);
      expect(res.status).toBe(200);
      expect(exportAnswer(res)).toEqual({});
    }
    const trace = await readTrace(traceId);
    expect(trace.spans).toHaveLength(10_000);
    expect(new Set(trace.spans.map((s: { spanId: string }) => s.spanId)).size).toBe(10_000);
    expect(trace.spanCount).toBe(10_000);
    const listed = await env.query(`/api/public/traces?name=root`);
    expect(listed.json.data.find((t: { traceId: string }) => t.traceId === traceId)).toMatchObject({ spanCount: 10_000 });
  });
});
