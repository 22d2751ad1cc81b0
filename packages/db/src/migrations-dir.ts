import { existsSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The `prisma/migrations` folder, found at run time (a Next.js server bundle has no
 * reliable path to its sources): `SIGHTLINE_MIGRATIONS_DIR`, else the first
 * `prisma/migrations` found walking up from the working directory.
 */
export function findMigrationsDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const fromEnv = env.SIGHTLINE_MIGRATIONS_DIR?.trim();
  if (fromEnv) {
    const dir = path.resolve(/* turbopackIgnore: true */ cwd, fromEnv);
    if (!isDirectory(dir)) throw new Error(`SIGHTLINE_MIGRATIONS_DIR=${fromEnv} is not a folder`);
    return dir;
  }
  let dir = path.resolve(/* turbopackIgnore: true */ cwd);
  for (;;) {
    const candidate = path.join(/* turbopackIgnore: true */ dir, "prisma", "migrations");
    if (isDirectory(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `No prisma/migrations folder found in ${cwd} or any parent folder; set SIGHTLINE_MIGRATIONS_DIR to its path`,
  );
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}
