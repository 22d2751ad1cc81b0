import { applyComputedCosts, decodeTraceRequest, encodeTraceRequest, mapTraceRequest, projectMatcher } from "@sightline/core";
import { encodeSpans } from "@sightline/clickhouse/row-encoding";
import { buildOtlpRequest } from "./lib/otlp-payload";

export interface StageFigures {
  spans: number;
  /** CPU per span of each stage of an ingest thread, µs (wall time of one thread doing only that). */
  decodeUs: number;
  mapUs: number;
  priceUs: number;
  encodeUs: number;
}

/**
 * The work of an ingest worker thread on the ingest bench's requests, stage by stage, in
 * this process: decode (OTLP/protobuf), map, price, encode (RowBinary rows). No HTTP, no
 * engine: the figures to compare before and after a change to one of those stages.
 */
export function benchStages(opts: { requests: number; rounds: number }): StageFigures {
  const bodies = Array.from({ length: opts.requests }, (_, i) => encodeTraceRequest(buildOtlpRequest(i), "protobuf").body);
  const matcher = projectMatcher([]);
  const total = { decode: 0, map: 0, price: 0, encode: 0 };
  let spans = 0;
  const warmup = 2;
  for (let round = 0; round < warmup + opts.rounds; round++) {
    const measured = round >= warmup;
    for (const body of bodies) {
      const t0 = performance.now();
      const request = decodeTraceRequest(body, "protobuf");
      const t1 = performance.now();
      const mapped = mapTraceRequest(request, { projectId: "bench" });
      const t2 = performance.now();
      if (mapped.spans.some((span) => span.cost === null && span.model !== "")) applyComputedCosts(mapped.spans, matcher);
      const t3 = performance.now();
      encodeSpans(mapped.spans);
      const t4 = performance.now();
      if (!measured) continue;
      total.decode += t1 - t0;
      total.map += t2 - t1;
      total.price += t3 - t2;
      total.encode += t4 - t3;
      spans += mapped.spans.length;
    }
  }
  const us = (ms: number) => (ms * 1000) / spans;
  return { spans, decodeUs: us(total.decode), mapUs: us(total.map), priceUs: us(total.price), encodeUs: us(total.encode) };
}
