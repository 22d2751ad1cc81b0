/**
 * `pnpm bench`: ingest and query figures, printed with their targets.
 * Sizes can be scaled with BENCH_REQUESTS, BENCH_CONCURRENCY, BENCH_SOAK_SECONDS (0 skips
 * the open-loop run at half the best rate), BENCH_TRACES, BENCH_RUNS.
 * Needs the production build (`pnpm build`) for the end-to-end ingest part.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { benchIngest } from "./ingest";
import { benchQueries } from "./query";
import { benchSdk, formatSdkTable } from "./sdk";
import { benchStages } from "./stages";
import { benchThreads } from "./threads";
import { ROOT } from "./lib/server";
import { fmt } from "./lib/stats";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const only = process.argv[2]; // "ingest" | "stages" | "query" | "sdk" | "threads" (only when named) | undefined

async function main() {
  if (only === undefined || only === "ingest") {
    if (!existsSync(join(ROOT, "apps/web/.next/BUILD_ID"))) {
      console.error("No production build: run `pnpm build` first.");
      process.exit(1);
    }
    // 1,500 requests (150,000 spans) per level: at 128 clients a pass of 400 lasted ~1.5 s, too short to
    // leave the ramp-up and the final drain out of the rate.
    const requests = env("BENCH_REQUESTS", 1500);
    const levels = (process.env.BENCH_CONCURRENCY ?? "8,32,128").split(",").map(Number);
    console.log(`\n## Ingest: OTLP/protobuf requests of 100 spans through the production server's OTLP port; ${requests} requests at each of ${levels.join(", ")} concurrent clients, then ${Math.max(...levels)} through the app port's /v1/traces route`);
    const soakSeconds = env("BENCH_SOAK_SECONDS", 600);
    // BENCH_SOAK_RATE (spans/s) fixes the open-loop rate instead of half the best one, for A/B runs on a noisy machine.
    const r = await benchIngest({ requests, concurrency: levels, port: env("BENCH_PORT", 3290), soakSeconds, soakSpansPerSec: env("BENCH_SOAK_RATE", 0) });
    console.log(`span size on the wire        ${fmt(r.bytesPerSpan, 0)} B`);
    console.log(`raw engine, same rows/table  ${fmt(r.rawSpansPerSec, 0)} spans/s  (INSERT … SELECT FROM file(), 10k-row files); CPU ${fmt(r.rawCpuUsPerSpan)} µs/span`);
    for (const p of r.passes) {
      console.log(
        `${String(p.concurrency).padStart(3)} clients${p.via === "app-port" ? " (app port)" : ""}: end-to-end ${fmt(p.e2eSpansPerSec, 0)} spans/s (acked = durable) = ${fmt((p.e2eSpansPerSec / r.rawSpansPerSec) * 100, 1)} % of raw (target ≥ 60 %); ack p50 ${fmt(p.ackP50Ms)} ms, p99 ${fmt(p.ackP99Ms)} ms; server CPU ${fmt(p.serverCpuUsPerSpan)} µs/span = ${fmt((r.rawCpuUsPerSpan / p.serverCpuUsPerSpan) * 100, 1)} % CPU efficiency of raw; load generator CPU ${fmt(p.clientCpuUsPerSpan)} µs/span`,
      );
    }
    if (r.soak) {
      const s = r.soak;
      console.log(
        `open loop at half the best rate (${fmt(s.targetSpansPerSec, 0)} spans/s offered) for ${s.seconds} s: ${fmt(s.achievedSpansPerSec, 0)} spans/s acked, ack p50 ${fmt(s.ackP50Ms)} ms, p99 ${fmt(s.ackP99Ms)} ms (target p99 < 250 ms)${s.skipped ? `, ${s.skipped} requests skipped (256 in flight)` : ""}`,
      );
      const rss = s.rssMb;
      if (process.env.BENCH_PRINT_RSS) console.log(`rss series (MB, every 5 s): ${rss.map((mb) => Math.round(mb)).join(" ")}`);
      console.log(
        `server memory (RSS) over the run: first ${fmt(rss[0] ?? 0, 0)} MB, last ${fmt(rss.at(-1) ?? 0, 0)} MB, max ${fmt(Math.max(0, ...rss), 0)} MB; slope after the first minute ${fmt(s.rssSlopeMbPerMin)} MB/min (target: flat)`,
      );
    }
  }
  if (only === "threads") {
    const rate = env("BENCH_THREADS_RATE", 0);
    const clients = env("BENCH_THREADS_CLIENTS", 128);
    const load = rate > 0 ? `an open loop at ${fmt(rate, 0)} spans/s for ${env("BENCH_THREADS_SECONDS", 60)} s` : `${clients} closed-loop clients`;
    console.log(`\n## Server CPU by thread (bench/threads.ts): ${load}, ${process.env.BENCH_THREADS_VIA === "app" ? "app port (/v1/traces)" : "OTLP port"}`);
    const t = await benchThreads({ clients, requests: env("BENCH_REQUESTS", 3000), rate, seconds: env("BENCH_THREADS_SECONDS", 60), port: env("BENCH_PORT", 3290) });
    console.log(`${fmt(t.spansPerSec, 0)} spans/s; ack p50 ${fmt(t.ackP50Ms)} ms, p99 ${fmt(t.ackP99Ms)} ms; server CPU ${fmt(t.serverCpuUsPerSpan)} µs/span`);
    if (t.windowP99Ms.length) console.log(`p99 per 10-s window: ${t.windowP99Ms.map((ms) => fmt(ms, 0)).join(" ")} ms`);
    for (const [group, us] of t.groups) if (us >= 0.1) console.log(`  ${group.padEnd(28)} ${fmt(us)} µs/span`);
  }
  if (only === undefined || only === "stages") {
    console.log("\n## Ingest thread stages (bench/stages.ts): the ingest bench's requests decoded, mapped, priced and encoded in one thread, no HTTP or engine");
    const st = benchStages({ requests: 200, rounds: 6 });
    const sum = st.decodeUs + st.mapUs + st.priceUs + st.encodeUs;
    console.log(`per span over ${fmt(st.spans, 0)} spans: decode ${fmt(st.decodeUs)} µs, map ${fmt(st.mapUs)} µs, price ${fmt(st.priceUs)} µs, encode ${fmt(st.encodeUs)} µs = ${fmt(sum)} µs`);
  }
  if (only === undefined || only === "query") {
    const traces = env("BENCH_TRACES", 100_000);
    const runs = env("BENCH_RUNS", 30);
    console.log(`\n## Queries: ${fmt(traces, 0)} traces / ${fmt(traces * 5, 0)} spans over 7 days, ${runs} runs each after warm-up`);
    const q = await benchQueries({ traces, runs });
    console.log(`dataset loaded in ${fmt(q.loadSeconds)} s`);
    for (const c of q.cases) {
      const target = c.name.startsWith("list") ? "< 150 ms" : "< 50 ms";
      console.log(`${c.name.padEnd(34)} median ${fmt(c.medianMs).padStart(7)} ms   p95 ${fmt(c.p95Ms).padStart(7)} ms   rows ${c.rows}   (target median ${target})`);
    }
  }
  if (only === undefined || only === "sdk") {
    console.log("\n## SDK cost per span (bench/sdk.ts): a 5-span trace with ~1 KB in/out, each SDK in its own process, one local sink");
    for (const line of formatSdkTable(await benchSdk())) console.log(line);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
