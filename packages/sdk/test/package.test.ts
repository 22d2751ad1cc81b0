import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CaptureServer } from "./capture-server.js";

const run = promisify(execFile);
const packageDir = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** The script a user would write, run by plain Node (no loader) against the built Node entry. */
const CHILD_SCRIPT = `
import { Sightline } from "./node.js";
const [url, mode] = process.argv.slice(2);
const sightline = new Sightline({ baseUrl: url, publicKey: "pk", secretKey: "sk", flushIntervalMs: 3600000 });
if (mode === "app-handler") {
  process.on("SIGTERM", () => {
    console.log("app handler ran");
    setTimeout(() => process.exit(7), 3000);
  });
}
await sightline.trace("from-child", async () => {
  await sightline.generation("llm", async () => {}, { model: "m" });
});
if (mode === "shutdown") await sightline.shutdown();
console.log(JSON.stringify(sightline.stats()));
if (mode === "sigterm" || mode === "app-handler") {
  setInterval(() => {}, 1000); // an app that would run forever
  process.kill(process.pid, "SIGTERM");
}
`;

let outDir: string;
let server: CaptureServer;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "sl-sdk-build-"));
  // The real build configuration, only with a temporary output folder.
  await run(process.execPath, [tsc, "-p", path.join(packageDir, "tsconfig.build.json"), "--outDir", outDir]);
  fs.writeFileSync(path.join(outDir, "child.mjs"), CHILD_SCRIPT);
}, 120_000);
afterAll(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

/** Every specifier a built file imports statically or with a literal dynamic import. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)"([^"]+)"/g)].map((m) => m[1]!);
}

/** The files reachable from an entry through relative imports, and the other specifiers met. */
function graphOf(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), specifier));
      else external.add(specifier);
    }
  };
  visit(entry);
  return { files: [...files], external: [...external] };
}

/** Runs the child script; resolves with how it ended instead of rejecting. */
function runChild(mode: string): Promise<{ stdout: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(outDir, "child.mjs"), server.url, mode]);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.on("exit", (code, signal) => resolve({ stdout, code, signal }));
  });
}

describe("the package", () => {
  it("has no runtime dependencies", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
  });

  it("exports the universal entry to browsers, edge and workers, and the Node entry to Node", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { exports: Record<string, Record<string, unknown>> };
    const root = manifest.exports["."]!;
    for (const condition of ["browser", "edge-light", "worker", "default"]) expect(root[condition]).toBe("./dist/index.js");
    expect(root.node).toBe("./dist/node.js");
    // Conditions are matched in order: the runtime-specific ones must come before "node".
    const order = Object.keys(root);
    for (const condition of ["browser", "edge-light", "worker"]) expect(order.indexOf(condition)).toBeLessThan(order.indexOf("node"));
    for (const target of Object.values(manifest.exports).flatMap((e) => (typeof e === "string" ? [] : Object.values(e)))) {
      if (typeof target === "string" && target.startsWith("./dist/")) expect(fs.existsSync(path.join(outDir, target.slice("./dist/".length))), target).toBe(true);
    }
  });

  it("the universal entry (browser/edge) reaches no Node module and no package, statically or by literal import()", () => {
    const { files, external } = graphOf(path.join(outDir, "index.js"));
    expect(files.length).toBeGreaterThan(10);
    expect(external).toEqual([]);
    for (const file of files) expect(fs.readFileSync(file, "utf8"), file).not.toMatch(/require\(|from "node:/);
  });

  it("the Node entry adds node:async_hooks and node:http(s) and nothing else; integrations import only our own files", () => {
    expect(graphOf(path.join(outDir, "node.js")).external.sort()).toEqual(["node:async_hooks", "node:http", "node:https"]);
    expect(graphOf(path.join(outDir, "openai", "index.js")).external).toEqual([]);
  });

  it("runs under plain Node ESM and sends on shutdown()", async () => {
    const { stdout } = await run(process.execPath, [path.join(outDir, "child.mjs"), server.url, "shutdown"]);
    expect(JSON.parse(stdout)).toMatchObject({ sent: 2, dropped: 0, failed: 0, retried: 0 });
    expect(server.spans().map((s) => s.name).sort()).toEqual(["from-child", "llm"]);
  });

  it("sends queued spans when the process exits on its own (beforeExit), and an hour-long interval does not keep it alive", async () => {
    const { stdout, code } = await runChild("no-shutdown");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ sent: 0 }); // nothing was sent before the script's end…
    expect(server.spans().map((s) => s.name).sort()).toEqual(["from-child", "llm"]); // …and everything at exit
  });

  it("on SIGTERM with no handler of the app's: flushes, then terminates by the signal as Node would", async () => {
    const { signal } = await runChild("sigterm");
    expect(signal).toBe("SIGTERM");
    expect(server.spans().map((s) => s.name).sort()).toEqual(["from-child", "llm"]);
  });

  it("on SIGTERM with the app's own handler: flushes, and leaves exiting to the app", async () => {
    const { stdout, code, signal } = await runChild("app-handler");
    expect(stdout).toContain("app handler ran");
    expect(signal).toBeNull();
    expect(code).toBe(7);
    expect(server.spans().map((s) => s.name).sort()).toEqual(["from-child", "llm"]);
  });
});
