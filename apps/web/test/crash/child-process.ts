import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const WEB_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TSX = createRequire(import.meta.url).resolve("tsx");

export interface IngestChild {
  url: string;
  process: ChildProcess;
  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  crash(): Promise<void>;
  /** SIGTERM: the writer drains and the locks are released. */
  stop(): Promise<void>;
}

/** Starts test/crash/ingest-child.ts (the app's routes on embedded engines) in its own process. */
export async function startIngestChild(env: Record<string, string>): Promise<IngestChild> {
  const child = spawn(process.execPath, ["--conditions", "sightline-source", "--import", TSX, "test/crash/ingest-child.ts"], {
    cwd: WEB_ROOT,
    env: { ...process.env, DATABASE_URL: "", CLICKHOUSE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stderr!.on("data", (chunk) => (log += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n").find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once("exit", (code) => reject(new Error(`ingest child exited (${code}) before listening:\n${log}`)));
  });
  const exited = once(child, "exit");
  return {
    url,
    process: child,
    async crash() {
      child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
