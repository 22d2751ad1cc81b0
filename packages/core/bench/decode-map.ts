/**
 * Micro-measure of core's share of ingest: decode + map of a 100-span protobuf request
 * (~2 KB per span, GenAI chat spans with messages). Prints spans/s; not a test.
 * Run: pnpm --filter @sightline/core exec tsx bench/decode-map.ts
 */
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest, type SpanInput } from "../src/index";

const SPANS = 100;
const nowNs = BigInt(Date.now()) * 1_000_000n;
const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0");

const spans: SpanInput[] = Array.from({ length: SPANS }, (_, i) => ({
  traceId: hex(Math.floor(i / 10) + 1, 32),
  spanId: hex(i + 1, 16),
  parentSpanId: i % 10 === 0 ? "" : hex(i - (i % 10) + 1, 16),
  name: `chat gpt-4o #${i}`,
  kind: 3,
  startTimeUnixNano: nowNs - 5_000_000_000n,
  endTimeUnixNano: nowNs - 4_000_000_000n,
  attributes: {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.request.temperature": 0.2,
    "gen_ai.request.max_tokens": 512,
    "gen_ai.usage.input_tokens": 1200 + i,
    "gen_ai.usage.output_tokens": 80,
    "gen_ai.conversation.id": `conv-${i % 7}`,
    "gen_ai.input.messages": JSON.stringify([
      { role: "system", parts: [{ type: "text", content: "You are a helpful travel assistant. ".repeat(8) }] },
      { role: "user", parts: [{ type: "text", content: `Plan a weekend in city number ${i}. `.repeat(12) }] },
    ]),
    "gen_ai.output.messages": JSON.stringify([
      { role: "assistant", parts: [{ type: "text", content: "Day one: walk the old town, eat well. ".repeat(12) }], finish_reason: "stop" },
    ]),
    "server.address": "api.openai.com",
    "http.response.status_code": 200,
  },
  events: [{ timeUnixNano: nowNs - 4_500_000_000n, name: "gen_ai.content.chunk", attributes: { index: 0 } }],
  status: { code: 1 },
}));

const body = encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": "bench" } }, scopeSpans: [{ scope: { name: "bench" }, spans }] }] }, "protobuf").body;

function once(): number {
  const result = mapTraceRequest(decodeTraceRequest(body, "protobuf"), { projectId: "bench" });
  if (result.spans.length !== SPANS) throw new Error(`mapped ${result.spans.length} spans: ${result.rejected.reasons.join("; ")}`);
  return result.spans.length;
}

for (let i = 0; i < 200; i++) once(); // warm up the JIT
const rounds = 1000;
const start = performance.now();
let mapped = 0;
for (let i = 0; i < rounds; i++) mapped += once();
const seconds = (performance.now() - start) / 1000;
console.log(`request: ${SPANS} spans, ${body.length} bytes (${Math.round(body.length / SPANS)} B/span, protobuf)`);
console.log(`decode+map: ${Math.round(mapped / seconds).toLocaleString("en-US")} spans/s, ${((seconds / rounds) * 1000).toFixed(2)} ms per request`);
