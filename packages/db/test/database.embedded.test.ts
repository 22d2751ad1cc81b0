import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataDirLockedError, openDatabase, type Database } from "../src/index";
import { REPO_MIGRATIONS } from "./support/migration-runner-suite";
import { prismaCrudTests } from "./support/prisma-crud-tests";
import { pidOfExitedProcess, runFixture } from "./support/run-fixture";

// One data folder for the whole file: a fresh PGlite costs an initdb of several seconds.
describe("openDatabase on embedded PGlite", () => {
  let dataDir: string;
  let db: Database;
  const lockFile = () => path.join(dataDir, "postgres.lock");

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "sl-"));
    db = await openDatabase({ dataDir });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("runs in-process under <dataDir>/postgres with the migrations applied", async () => {
    expect(db.mode).toBe("embedded");
    expect(existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
    const applied = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
    expect(applied).toEqual(REPO_MIGRATIONS.map((migration_name) => ({ migration_name })));
  });

  describe("through Prisma", () => {
    prismaCrudTests(() => db);
  });

  describe("data-folder lock", () => {
    it("holds <dataDir>/postgres.lock with this process's pid while open", () => {
      expect(readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid));
    });

    it("turns a second process away with DataDirLockedError naming the holder", async () => {
      const second = await runFixture("open-database.mts", [dataDir, "close"]);
      expect(second.exitCode).toBe(3);
      expect(second.output).toEqual({
        opened: false,
        error: "DataDirLockedError",
        holder: process.pid,
        message: `The embedded Postgres in ${dataDir} is in use by process ${process.pid}; stop it or set SIGHTLINE_DATA_DIR to another folder`,
      });
      expect(await db.ping()).toBe(true);
    });

    it("turns a second open in the same process away too, however the folder is spelled", async () => {
      await expect(openDatabase({ dataDir })).rejects.toBeInstanceOf(DataDirLockedError);
      const relative = path.relative(process.cwd(), dataDir);
      await expect(openDatabase({ dataDir: relative })).rejects.toBeInstanceOf(DataDirLockedError);
      expect(await db.ping()).toBe(true);
    });

    it("is released on close, after which another process opens the data and the exit handler releases it", async () => {
      await db.prisma.organization.create({ data: { id: "org-lock-test", name: "Written before close" } });
      await db.close();
      expect(existsSync(lockFile())).toBe(false);
      expect(await db.ping()).toBe(false);

      // The fixture opens, reads and exits without calling close().
      const next = await runFixture("open-database.mts", [dataDir, "exit"]);
      expect(next.exitCode).toBe(0);
      expect(next.output.opened).toBe(true);
      expect(next.output.organizations).toContain("Written before close");
      expect(existsSync(lockFile())).toBe(false);
    });

    it("takes over a stale lock left by a process that no longer runs", async () => {
      const deadPid = await pidOfExitedProcess();
      writeFileSync(lockFile(), `${deadPid}\n`);
      db = await openDatabase({ dataDir });
      expect(readFileSync(lockFile(), "utf8").trim()).toBe(String(process.pid));
      expect(await db.prisma.organization.count({ where: { id: "org-lock-test" } })).toBe(1);
    });
  });
});
