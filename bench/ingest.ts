import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTraceRequest, encodeTraceRequest, mapTraceRequest } from "@sightline/core";
import { insertNdjsonFile, openClickHouse, spanToRow } from "@sightline/clickhouse";
import { FreshPayloads } from "./lib/fresh-payloads";
import { buildOtlpRequest } from "./lib/otlp-payload";
import { otlpSender } from "./lib/otlp-sender";
import { INGEST_AUTH, startIngestServer } from "./lib/server";
import { percentile } from "./lib/stats";

export interface IngestPass {
  concurrency: number;
  /** "otlp-port": the OTLP port (4318 in production); "app-port": Next's /v1/traces route. */
  via: "otlp-port" | "app-port";
  spans: number;
  e2eSpansPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** CPU time of the server process (all its threads, the embedded engine's included) per span. */
  serverCpuUsPerSpan: number;
  /** CPU time of this process (the load generator, on the same cores) per span. */
  clientCpuUsPerSpan: number;
}

export interface SoakFigures {
  seconds: number;
  /** Offered load: half the best closed-loop rate. */
  targetSpansPerSec: number;
  achievedSpansPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** Requests not sent because 256 were already in flight (the server fell behind). */
  skipped: number;
  /** Server RSS (MB) sampled every 5 s. */
  rssMb: number[];
  /** Least-squares slope of RSS after the first minute, MB per minute. */
  rssSlopeMbPerMin: number;
}

export interface IngestFigures {
  passes: IngestPass[];
  soak: SoakFigures | null;
  rawSpansPerSec: number;
  /** CPU time of the raw load (this process: the engine's threads and the INSERT calls) per span. */
  rawCpuUsPerSpan: number;
  bytesPerSpan: number;
}

/** User + system CPU of a process in µs, from /proc (Linux): wall-clock figures alone mislead on a shared machine. */
function processCpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

function processRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"))!;
  return Number(line.replace(/\D+/g, "")) / 1024;
}

function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * Open loop at a fixed request rate (not waiting for answers, as independent apps do) for
 * `seconds`: acknowledgement latency at that rate, and the server's memory over time.
 */
async function soak(send: (body: Uint8Array) => Promise<void>, pid: number, spansPerSec: number, seconds: number): Promise<SoakFigures> {
  const payloads = new FreshPayloads();
  const latencies: number[] = [];
  const rss: [number, number][] = [];
  let inFlight = 0;
  let skipped = 0;
  let acked = 0;
  let failure: unknown;
  const started = performance.now();
  const intervalMs = 1000 / (spansPerSec / 100);
  const sampler = setInterval(() => rss.push([(performance.now() - started) / 60_000, processRssMb(pid)]), 5_000);
  const pending: Promise<void>[] = [];
  try {
    for (let i = 0; performance.now() - started < seconds * 1000; i++) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (inFlight >= 256) {
        skipped++;
        continue;
      }
      inFlight++;
      const t0 = performance.now();
      pending.push(
        send(payloads.take()).then(
          () => {
            latencies.push(performance.now() - t0);
            acked++;
            inFlight--;
          },
          // Kept until the loop ends: an unhandled rejection would end the process with the server still running.
          (error: unknown) => void (failure ??= error),
        ),
      );
      if (pending.length > 1000) await Promise.all(pending.splice(0, 500));
    }
    await Promise.all(pending);
  } finally {
    clearInterval(sampler);
  }
  if (failure !== undefined) throw failure;
  const wall = (performance.now() - started) / 1000;
  return {
    seconds,
    targetSpansPerSec: spansPerSec,
    achievedSpansPerSec: (acked * 100) / wall,
    ackP50Ms: percentile(latencies, 50),
    ackP99Ms: percentile(latencies, 99),
    skipped,
    rssMb: rss.map(([, mb]) => mb),
    rssSlopeMbPerMin: slope(rss.filter(([minute]) => minute >= 1)),
  };
}

/**
 * End-to-end ingest through the production server (HTTP → decode → map → group-committed
 * INSERT; every 200 means durable), then the raw engine rate for the same rows into the same
 * table in the same data folder: INSERT … SELECT FROM file() of their NDJSON.
 */
export async function benchIngest(opts: { requests: number; concurrency: number[]; port: number; soakSeconds: number; soakSpansPerSec?: number }): Promise<IngestFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-ingest-"));
  try {
    let seq = 0;
    // Every level through the OTLP port, then the highest once more through the app's route.
    const plan = [...opts.concurrency.map((c) => ({ concurrency: c, via: "otlp-port" as const })), { concurrency: Math.max(...opts.concurrency), via: "app-port" as const }];
    const passPayloads = plan.map(() => Array.from({ length: opts.requests }, () => encodeTraceRequest(buildOtlpRequest(seq++), "protobuf").body));
    const payloads = passPayloads.flat();
    const warmup = Array.from({ length: 10 }, (_, i) => encodeTraceRequest(buildOtlpRequest(100_000 + i), "protobuf").body);
    const bytesPerSpan = payloads[0]!.length / 100;

    const server = await startIngestServer({ port: opts.port, dataDir });
    const auth = INGEST_AUTH;
    const sockets = Math.max(256, ...opts.concurrency);
    const senders = { "otlp-port": otlpSender(server.otlpUrl, auth, sockets), "app-port": otlpSender(server.baseUrl, auth, sockets) };
    const send = senders["otlp-port"].send;
    const sendVia = { "otlp-port": send, "app-port": senders["app-port"].send };

    const passes: IngestPass[] = [];
    let soakFigures: SoakFigures | null = null;
    try {
      for (const [i, body] of warmup.entries()) await (i % 2 ? send : sendVia["app-port"])(body);
      for (const [i, { concurrency, via }] of plan.entries()) {
        const bodies = passPayloads[i]!;
        const latencies: number[] = [];
        let next = 0;
        const cpuBefore = processCpuUs(server.process.pid!);
        const clientCpuBefore = process.cpuUsage();
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < bodies.length) {
              const body = bodies[next++]!;
              const t0 = performance.now();
              await sendVia[via](body);
              latencies.push(performance.now() - t0);
            }
          }),
        );
        const wallMs = performance.now() - started;
        const spans = bodies.length * 100;
        const serverCpuUsPerSpan = (processCpuUs(server.process.pid!) - cpuBefore) / spans;
        const clientCpu = process.cpuUsage(clientCpuBefore);
        const clientCpuUsPerSpan = (clientCpu.user + clientCpu.system) / spans;
        passes.push({ concurrency, via, spans, e2eSpansPerSec: spans / (wallMs / 1000), ackP50Ms: percentile(latencies, 50), ackP99Ms: percentile(latencies, 99), serverCpuUsPerSpan, clientCpuUsPerSpan });
      }
      if (opts.soakSeconds > 0) {
        const best = Math.max(...passes.filter((p) => p.via === "otlp-port").map((p) => p.e2eSpansPerSec));
        soakFigures = await soak(send, server.process.pid!, opts.soakSpansPerSec || best / 2, opts.soakSeconds);
      }
    } finally {
      for (const sender of Object.values(senders)) sender.close();
      await server.stop();
    }
    const spans = payloads.length * 100;

    // The same rows, straight into the same table by the engine.
    const store = await openClickHouse({ dataDir });
    let rawMs = 0;
    let rawCpuUs = 0;
    try {
      const chunk = 10_000;
      const rows: string[] = [];
      const files: string[] = [];
      const flushFile = () => {
        if (!rows.length) return;
        const file = join(dataDir, `raw-${files.length}.ndjson`);
        writeFileSync(file, rows.join("\n") + "\n");
        files.push(file);
        rows.length = 0;
      };
      for (const body of payloads) {
        const mapped = mapTraceRequest(decodeTraceRequest(body, "protobuf"), { projectId: "bench-raw" });
        for (const span of mapped.spans) {
          rows.push(JSON.stringify(spanToRow(span)));
          if (rows.length === chunk) flushFile();
        }
      }
      flushFile();
      for (const file of files) {
        const t0 = performance.now();
        const cpu0 = processCpuUs(process.pid);
        await insertNdjsonFile(store, file);
        rawMs += performance.now() - t0;
        rawCpuUs += processCpuUs(process.pid) - cpu0;
      }
    } finally {
      await store.close();
    }
    const rawSpansPerSec = spans / (rawMs / 1000);
    return { passes, soak: soakFigures, rawSpansPerSec, rawCpuUsPerSpan: rawCpuUs / spans, bytesPerSpan };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
