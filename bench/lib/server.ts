import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname;

export interface RunningServer {
  baseUrl: string;
  /** The OTLP port (SIGHTLINE_OTLP_PORT = port + 1). */
  otlpUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The flags between `node` and the script in apps/web's `start` script ("node --a=1 …/next start"). */
function startScriptNodeFlags(): string[] {
  const start: string = JSON.parse(readFileSync(join(ROOT, "apps/web/package.json"), "utf8")).scripts.start;
  const words = start.split(/\s+/);
  if (words[0] !== "node") return [];
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}

/** Starts the production build (`next start`) on its own data folder and waits for /api/health. */
export async function startServer(opts: { port: number; dataDir: string; env?: Record<string, string> }): Promise<RunningServer> {
  const nextBin = join(ROOT, "apps/web/node_modules/next/dist/bin/next");
  // The node flags of `pnpm start` (apps/web's start script), so the bench runs the server as
  // users do; BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") adds to them.
  const nodeArgs = [...startScriptNodeFlags(), ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const baseUrl = `http://127.0.0.1:${opts.port}`;
  // A server left by a crashed run would answer the health check below and be measured instead.
  if (await fetch(`${baseUrl}/api/health`).then(() => true, () => false)) throw new Error(`port ${opts.port} is taken (a server left by an earlier run?): stop it first`);
  const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(opts.port)], {
    cwd: join(ROOT, "apps/web"),
    env: { ...process.env, DATABASE_URL: "", CLICKHOUSE_URL: "", NODE_ENV: "production", PORT: String(opts.port), SIGHTLINE_DATA_DIR: opts.dataDir, SIGHTLINE_OTLP_PORT: String(opts.port + 1), ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Not left running when this process ends without stop() (an uncaught error).
  process.once("exit", () => child.kill("SIGKILL"));
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy in 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // The OTLP port opens right after the stores (instrumentation), possibly after /api/health answers.
  for (let waited = 0; !log.includes(`listens on port ${opts.port + 1}`); waited += 100) {
    if (waited > 15_000 || child.exitCode !== null) throw new Error(`the OTLP port ${opts.port + 1} did not open:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    otlpUrl: `http://127.0.0.1:${opts.port + 1}`,
    process: child,
    async stop() {
      // BENCH_SERVER_LOG=<file> keeps the server's output (its warnings, a profile's notes).
      if (process.env.BENCH_SERVER_LOG) child.once("exit", () => writeFileSync(process.env.BENCH_SERVER_LOG!, log));
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await once(child, "exit");
      clearTimeout(timer);
    },
  };
}

const PUBLIC_KEY = "pk-sl-bench-public-key-000000000000";
const SECRET_KEY = "sk-sl-bench-secret-key-0000000000000000000000000000";

/** The ingest benches' server: a fresh data folder, an admin and one API key created at start. */
export function startIngestServer(opts: { port: number; dataDir: string }): Promise<RunningServer> {
  return startServer({
    ...opts,
    env: {
      SIGHTLINE_INIT_ADMIN_EMAIL: "bench@sightline.test",
      SIGHTLINE_INIT_ADMIN_PASSWORD: "bench-password-0123456789",
      SIGHTLINE_INIT_PUBLIC_KEY: PUBLIC_KEY,
      SIGHTLINE_INIT_SECRET_KEY: SECRET_KEY,
    },
  });
}

/** The Authorization header for startIngestServer's key. */
export const INGEST_AUTH = `Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`;
