import { randomBytes } from "node:crypto";
import type { SpanInput, TraceRequestInput } from "@sightline/core";

/**
 * ExportTraceServiceRequests shaped like real LLM traffic: 100 spans of ~2 KB per request
 * (20 traces of 5 spans: a chain root, a retrieval with its embedding, a generation with
 * chat messages, a tool), with OTel GenAI and OpenInference attributes.
 */
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const WORDS = ["latency", "retrieval", "vector", "answer", "context", "model", "token", "policy", "refund", "order"];

export function filler(n: number, seed: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += WORDS[(seed + i * 7) % WORDS.length] + " ";
  return out.slice(0, n);
}

export function buildTraceSpans(traceIndex: number, startMs: number): SpanInput[] {
  const traceId = hex(16);
  const rootId = hex(8);
  const retrievalId = hex(8);
  const base = BigInt(Math.round(startMs)) * 1_000_000n;
  const ns = (offsetMs: number) => base + BigInt(offsetMs) * 1_000_000n;
  const common = { "user.id": `user-${traceIndex % 1000}`, "session.id": `session-${traceIndex % 5000}` };
  return [
    {
      traceId, spanId: rootId, name: "rag-pipeline", kind: 1, startTimeUnixNano: ns(0), endTimeUnixNano: ns(900),
      attributes: { ...common, "openinference.span.kind": "CHAIN", "input.value": filler(700, traceIndex), "output.value": filler(700, traceIndex + 1) },
      status: { code: 1 },
    },
    {
      traceId, spanId: retrievalId, parentSpanId: rootId, name: "vector-search", kind: 1, startTimeUnixNano: ns(10), endTimeUnixNano: ns(120),
      attributes: {
        ...common,
        "openinference.span.kind": "RETRIEVER",
        "input.value": "how do refunds work?",
        ...Object.fromEntries(
          [0, 1, 2].flatMap((d) => [
            [`retrieval.documents.${d}.document.id`, `doc-${d}`],
            [`retrieval.documents.${d}.document.content`, filler(650, d)],
            [`retrieval.documents.${d}.document.score`, 0.9 - d * 0.1 + 0.001],
          ]),
        ),
      },
    },
    {
      traceId, spanId: hex(8), parentSpanId: rootId, name: "chat gpt-4o-mini", kind: 3, startTimeUnixNano: ns(130), endTimeUnixNano: ns(850),
      attributes: {
        ...common,
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.request.temperature": 0.2,
        "gen_ai.usage.input_tokens": 820,
        "gen_ai.usage.output_tokens": 160,
        "gen_ai.input.messages": JSON.stringify([
          { role: "system", parts: [{ type: "text", content: filler(500, 3) }] },
          { role: "user", parts: [{ type: "text", content: filler(1000, 4) }] },
        ]),
        "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: filler(800, 5) }], finish_reason: "stop" }]),
      },
      status: { code: 1 },
    },
    {
      traceId, spanId: hex(8), parentSpanId: rootId, name: "execute_tool lookup_order", kind: 1, startTimeUnixNano: ns(860), endTimeUnixNano: ns(880),
      attributes: { ...common, "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "lookup_order", "input.value": filler(600, 6), "output.value": filler(600, 7) },
    },
    {
      traceId, spanId: hex(8), parentSpanId: retrievalId, name: "embeddings text-embedding-3-small", kind: 3, startTimeUnixNano: ns(12), endTimeUnixNano: ns(40),
      attributes: { ...common, "gen_ai.operation.name": "embeddings", "gen_ai.request.model": "text-embedding-3-small", "gen_ai.usage.input_tokens": 8, "input.value": filler(700, 8) },
    },
  ];
}

/** One request of `traces` × 5 spans (default 20 × 5 = 100 spans). */
export function buildOtlpRequest(seq: number, traces = 20, startMs = Date.now()): TraceRequestInput {
  const spans = Array.from({ length: traces }, (_, t) => buildTraceSpans(seq * traces + t, startMs + t)).flat();
  return {
    resourceSpans: [
      {
        resource: { attributes: { "service.name": "bench-app", "deployment.environment.name": "bench" } },
        scopeSpans: [{ scope: { name: "bench" }, spans }],
      },
    ],
  };
}
