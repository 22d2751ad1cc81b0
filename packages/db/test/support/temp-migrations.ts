import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findMigrationsDir } from "../../src/index";

/** A scratch copy of prisma/migrations that a test may add to and edit. */
export interface TempMigrations {
  dir: string;
  write(name: string, sql: string): void;
  read(name: string): string;
  remove(name: string): void;
  dispose(): void;
}

export function copyMigrations(): TempMigrations {
  const root = mkdtempSync(path.join(os.tmpdir(), "sl-"));
  const dir = path.join(root, "migrations");
  cpSync(findMigrationsDir(), dir, { recursive: true });
  const file = (name: string) => path.join(dir, name, "migration.sql");
  return {
    dir,
    write(name, sql) {
      mkdirSync(path.join(dir, name), { recursive: true });
      writeFileSync(file(name), sql);
    },
    read: (name) => readFileSync(file(name), "utf8"),
    remove: (name) => rmSync(path.join(dir, name), { recursive: true, force: true }),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}
