import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeTraceRequest } from "@sightline/core";
import { buildOtlpRequest } from "./lib/otlp-payload";
import { otlpSender } from "./lib/otlp-sender";
import { INGEST_AUTH, startIngestServer } from "./lib/server";
import { percentile } from "./lib/stats";

export interface ThreadFigures {
  spansPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  /** p99 of each 10-s window (open loop only). */
  windowP99Ms: number[];
  serverCpuUsPerSpan: number;
  /** CPU µs per span by thread group, largest first. */
  groups: [string, number][];
}

/**
 * Where the server's CPU goes: per-thread CPU (`/proc/<pid>/task/<tid>/stat`) around a
 * closed loop of `clients` (or, with `rate` > 0, an open loop at `rate` spans/s for `seconds`),
 * grouped as main thread, ingest worker, V8/libuv helpers ("node": threads started before
 * Next renamed the process) and the engine's own pools by name. BENCH_THREADS_VIA=app sends
 * to the app port's /v1/traces route (Next's routing included) instead of the OTLP port.
 */
export async function benchThreads(opts: { clients: number; requests: number; rate: number; seconds: number; port: number }): Promise<ThreadFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), "sl-bench-threads-"));
  const server = await startIngestServer({ port: opts.port, dataDir });
  const sender = otlpSender(process.env.BENCH_THREADS_VIA === "app" ? server.baseUrl : server.otlpUrl, INGEST_AUTH, 256);
  let seq = 0;
  const body = () => encodeTraceRequest(buildOtlpRequest(seq++), "protobuf").body;
  try {
    for (let i = 0; i < 20; i++) await sender.send(body());
    const count = opts.rate > 0 ? Math.round((opts.rate * opts.seconds) / 100) : opts.requests;
    const bodies = Array.from({ length: count }, body);
    const pid = server.process.pid!;
    const before = threadCpuUs(pid);
    const latencies: number[] = [];
    const windows: number[][] = [];
    const started = performance.now();
    if (opts.rate > 0) {
      const intervalMs = 100_000 / opts.rate;
      const pending: Promise<void>[] = [];
      for (let i = 0; i < bodies.length; i++) {
        const wait = started + i * intervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const t0 = performance.now();
        pending.push(
          sender.send(bodies[i]!).then(() => {
            const ms = performance.now() - t0;
            latencies.push(ms);
            (windows[Math.floor((t0 - started) / 10_000)] ??= []).push(ms);
          }),
        );
      }
      await Promise.all(pending);
    } else {
      let next = 0;
      await Promise.all(
        Array.from({ length: opts.clients }, async () => {
          while (next < bodies.length) {
            const b = bodies[next++]!;
            const t0 = performance.now();
            await sender.send(b);
            latencies.push(performance.now() - t0);
          }
        }),
      );
    }
    const wallMs = performance.now() - started;
    const after = threadCpuUs(pid);
    const spans = bodies.length * 100;
    const groups = new Map<string, number>();
    let total = 0;
    for (const [tid, { name, us }] of after) {
      const used = us - (before.get(tid)?.us ?? 0);
      total += used;
      const group = tid === pid ? "main" : name.startsWith("next-server") ? "ingest worker" : name === "node" ? "V8 / libuv helpers" : `engine ${name}`;
      groups.set(group, (groups.get(group) ?? 0) + used / spans);
    }
    return {
      spansPerSec: spans / (wallMs / 1000),
      ackP50Ms: percentile(latencies, 50),
      ackP99Ms: percentile(latencies, 99),
      windowP99Ms: windows.map((w) => percentile(w, 99)),
      serverCpuUsPerSpan: total / spans,
      groups: [...groups].sort((a, b) => b[1] - a[1]),
    };
  } finally {
    sender.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU µs of each thread of `pid` (utime + stime, 10 ms ticks) with its name. */
function threadCpuUs(pid: number): Map<number, { name: string; us: number }> {
  const out = new Map<number, { name: string; us: number }>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close).replace(/[0-9]+$/, "");
      const fields = stat.slice(close + 2).split(" ");
      out.set(Number(tid), { name, us: (Number(fields[11]) + Number(fields[12])) * 10_000 });
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}
