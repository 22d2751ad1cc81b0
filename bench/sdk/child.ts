/**
 * Runs one SDK's workload in this (child) process and prints its measurements as JSON.
 * Started by bench/sdk.ts twice per SDK, with --expose-gc: mode "cpu" with Node's default
 * heap settings (as an app runs), mode "alloc" with a 128 MB young generation so that a
 * measuring window sees no collection (checked; a window with one is measured again).
 *
 * - CPU: process.cpuUsage() (every thread of the process: the app's, V8's GC helpers,
 *   libuv's) over creating N traces and flushing them all to the sink, per span.
 * - Main thread: CPU time of the app's thread alone (Linux: /proc/self/task/<pid>/schedstat,
 *   nanoseconds on CPU; stat's utime + stime, in 10 ms ticks, where there is no schedstat)
 *   over the same window — creating spans plus the export work the SDK does on the app's
 *   thread (encoding, HTTP). Elsewhere: event-loop-utilization active time.
 * - Inline: CPU time (process.cpuUsage, µs resolution) inside the synchronous
 *   span-creating calls only, per span: what a request handler pays directly. CPU rather
 *   than wall time, so other processes on a shared machine do not count.
 * - Allocation: heapUsed + external (process.memoryUsage) after minus before creating a
 *   chunk of traces and flushing them, with a full GC before and none during, per span.
 */
import { readFileSync } from "node:fs";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { SPANS_PER_TRACE, type SdkAdapter } from "./workload";

const [sdk, sinkUrl, mode = "cpu"] = process.argv.slice(2) as [string, string, ("cpu" | "alloc")?];
const TRACES = Number(process.env.BENCH_SDK_TRACES ?? 4000);
const WARMUP_TRACES = Number(process.env.BENCH_SDK_WARMUP ?? 2000);
const CHUNK = 100; // traces created back to back before the event loop gets a turn (as a busy server would)
const ALLOC_CHUNK = 200;
const ALLOC_SAMPLES = 5;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");

let gcCount = 0;
new PerformanceObserver((list) => (gcCount += list.getEntries().length)).observe({ entryTypes: ["gc"] });

async function load(): Promise<SdkAdapter> {
  const module = (await import(`./adapters/${sdk}.ts`)) as { createAdapter(sinkUrl: string): SdkAdapter };
  return module.createAdapter(sinkUrl);
}

let tracesRun = 0;

/** Runs `traces` traces in chunks; returns the CPU µs spent inside the chunks. */
async function runTraces(adapter: SdkAdapter, traces: number): Promise<number> {
  let inlineUs = 0;
  for (let done = 0; done < traces; done += CHUNK) {
    const count = Math.min(CHUNK, traces - done);
    const start = process.cpuUsage();
    for (let i = 0; i < count; i++) adapter.runTrace();
    const used = process.cpuUsage(start);
    inlineUs += used.user + used.system;
    tracesRun += count;
    await yieldToLoop();
  }
  return inlineUs;
}

/**
 * CPU ms of this process's main thread (Linux), or undefined where /proc is not there:
 * the scheduler's own count in nanoseconds (schedstat's time on CPU), else utime + stime
 * from stat, which come in 10 ms ticks (0.5 µs per span over 20 000 spans).
 */
function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    // no schedstat (a kernel without CONFIG_SCHED_INFO): ticks
  }
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100) ticks
  } catch {
    return undefined;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

const allocated = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

async function main() {
  const adapter = await load();
  await runTraces(adapter, WARMUP_TRACES);
  await adapter.flush();

  if (mode === "alloc") {
    console.log(JSON.stringify({ sdk, bytesPerSpan: await measureAllocation(adapter), tracesRun }));
    await adapter.shutdown();
    return;
  }

  gc!();
  await yieldToLoop();
  const cpu0 = process.cpuUsage();
  const thread0 = mainThreadCpuMs();
  const elu0 = performance.eventLoopUtilization();
  const inlineUs = await runTraces(adapter, TRACES);
  await adapter.flush();
  const elu = performance.eventLoopUtilization(elu0);
  const thread1 = mainThreadCpuMs();
  const cpu = process.cpuUsage(cpu0);
  const spans = TRACES * SPANS_PER_TRACE;
  const mainThreadMs = thread0 !== undefined && thread1 !== undefined ? thread1 - thread0 : elu.active;

  await adapter.shutdown();

  console.log(
    JSON.stringify({
      sdk,
      spans,
      cpuUsPerSpan: (cpu.user + cpu.system) / spans,
      mainThreadUsPerSpan: (mainThreadMs * 1000) / spans,
      inlineUsPerSpan: inlineUs / spans,
      tracesRun,
    }),
  );
}

/** Median bytes allocated per span over a few GC-free windows of creating and flushing a chunk. */
async function measureAllocation(adapter: SdkAdapter): Promise<number | null> {
  const allocations: number[] = [];
  for (let attempt = 0; allocations.length < ALLOC_SAMPLES && attempt < ALLOC_SAMPLES * 4; attempt++) {
    gc!();
    await settle(); // the observer reports the forced GC asynchronously: let it, before counting
    const gcBefore = gcCount;
    const before = allocated();
    await runTraces(adapter, ALLOC_CHUNK);
    await adapter.flush();
    const after = allocated();
    await settle(); // let the observer report GCs that happened in the window
    if (gcCount === gcBefore) allocations.push((after - before) / (ALLOC_CHUNK * SPANS_PER_TRACE));
  }
  allocations.sort((a, b) => a - b);
  return allocations.length > 0 ? allocations[Math.floor(allocations.length / 2)]! : null;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
