import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { CaptureServer } from "./capture-server.js";

const run = promisify(execFile);
const packageDir = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** The script a user would write, run by plain Node (no loader) against the built package. */
const CHILD_SCRIPT = `
import { Sightline } from "./index.js";
const [url, mode] = process.argv.slice(2);
const sightline = new Sightline({ baseUrl: url, publicKey: "pk", secretKey: "sk", flushIntervalMs: 3600000 });
await sightline.trace("from-child", async () => {
  await sightline.generation("llm", async () => {}, { model: "m" });
});
if (mode === "shutdown") await sightline.shutdown();
console.log(JSON.stringify(sightline.stats()));
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

describe("the package", () => {
  it("has no runtime dependencies", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependencies).toBeUndefined();
  });

  it("builds to ES modules that import nothing but their own files", () => {
    const files = fs.readdirSync(outDir).filter((f) => f.endsWith(".js"));
    expect(files).toContain("index.js");
    expect(fs.readdirSync(outDir)).toContain("index.d.ts");
    for (const file of files) {
      const source = fs.readFileSync(path.join(outDir, file), "utf8");
      for (const [, specifier] of source.matchAll(/\bfrom\s+"([^"]+)"/g)) expect(specifier, file).toMatch(/^\.\/.+\.js$/);
    }
  });

  it("runs under plain Node ESM and sends on shutdown()", async () => {
    const { stdout } = await run(process.execPath, [path.join(outDir, "child.mjs"), server.url, "shutdown"]);
    expect(JSON.parse(stdout)).toEqual({ sent: 2, dropped: 0, failed: 0, retried: 0 });
    expect(server.spans().map((s) => s.name).sort()).toEqual(["from-child", "llm"]);
  });

  it("never keeps the process alive: queued spans and an hour-long flush interval do not block exit", async () => {
    // If a timer were not unref'd, this child would live for an hour and the test would time out.
    const { stdout } = await run(process.execPath, [path.join(outDir, "child.mjs"), server.url, "no-shutdown"]);
    expect(JSON.parse(stdout)).toEqual({ sent: 0, dropped: 0, failed: 0, retried: 0 });
    expect(server.requests).toHaveLength(0);
  });
});
