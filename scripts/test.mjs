#!/usr/bin/env node
// The whole test suite: unit + integration (vitest, real engines), then a production
// build and the browser tests (Playwright in Chromium). Ends with one plain line
// "N passed, N failed" computed from the runners' JSON reports, for CI.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const reports = join(root, ".reports");
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" };
// A server Postgres given as DATABASE_URL is for the migration tests only (a throwaway
// database each); every other test and the e2e server run on their own embedded engines.
if (env.DATABASE_URL) env.SIGHTLINE_TEST_DATABASE_URL = env.DATABASE_URL;
delete env.DATABASE_URL;
delete env.CLICKHOUSE_URL;
const only = process.argv[2]; // optional: "unit" or "e2e"

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.error) console.error(r.error);
  return r.status === 0;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return null;
  }
}

let passed = 0;
let failed = 0;
let stepFailures = 0;

if (only !== "e2e") {
  const vitestReport = join(reports, "vitest.json");
  const ok = run("unit + integration", "pnpm", ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
  const v = readJson(vitestReport);
  if (v) {
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
    // A file that fails to load has no tests in the count: count it as a failure.
    failed += (v.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  }
  if (!ok && (!v || v.numFailedTests === 0)) stepFailures++;
}

if (only !== "unit") {
  const built = run("build", "pnpm", ["exec", "turbo", "run", "build"]);
  if (!built) {
    stepFailures++;
  } else {
    const pwReport = join(reports, "playwright.json");
    const ok = run("browser (Playwright)", "pnpm", ["exec", "playwright", "test", "--reporter=list,json"], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwReport,
    });
    const p = readJson(pwReport);
    if (p?.stats) {
      passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
      failed += p.stats.unexpected ?? 0;
    }
    if (!ok && (!p?.stats || !p.stats.unexpected)) stepFailures++;
  }
}

failed += stepFailures;
if (stepFailures) console.log(`\n${stepFailures} step(s) failed outside the test counts (see above).`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
