import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The monorepo root: the nearest folder at or above `from` that holds pnpm-workspace.yaml.
 * `next start` runs in apps/web, tests and scripts may run from the root: both find it.
 * Falls back to `from` when no workspace file is found (e.g. a copied standalone build).
 */
export function findRepoRoot(from: string = process.cwd()): string {
  // turbopackIgnore: runtime paths, not files to bundle (else the whole repo is traced).
  let dir = path.resolve(/*turbopackIgnore: true*/ from);
  for (;;) {
    if (existsSync(path.join(/*turbopackIgnore: true*/ dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(/*turbopackIgnore: true*/ from);
    dir = parent;
  }
}

/**
 * Where the embedded engines keep their files: `SIGHTLINE_DATA_DIR` (a relative value is
 * taken from the repo root, so it means the same folder wherever the process started),
 * else `<repo root>/.sightline`.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const root = findRepoRoot(cwd);
  const configured = env.SIGHTLINE_DATA_DIR?.trim();
  return configured
    ? path.resolve(/*turbopackIgnore: true*/ root, configured)
    : path.join(/*turbopackIgnore: true*/ root, ".sightline");
}
