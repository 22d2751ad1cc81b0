import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/index";
import { REPO_MIGRATIONS } from "./support/migration-runner-suite";
import { prismaCrudTests } from "./support/prisma-crud-tests";
import { createThrowawayDatabase, testServerUrl } from "./support/throwaway-database";

describe.runIf(testServerUrl)("openDatabase on a Postgres server (DATABASE_URL)", () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let db: Database;

  beforeAll(async () => {
    database = await createThrowawayDatabase(testServerUrl!);
    db = await openDatabase({ dataDir: "/nonexistent/never-touched", url: database.url });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("migrates the database and reports server mode", async () => {
    expect(db.mode).toBe("server");
    const applied = await db.prisma.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`;
    expect(applied).toEqual(REPO_MIGRATIONS.map((migration_name) => ({ migration_name })));
  });

  it("opens an already-migrated database again without applying anything", async () => {
    const again = await openDatabase({ dataDir: "/nonexistent/never-touched", url: database.url });
    try {
      expect(await again.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM _prisma_migrations`).toEqual([{ n: REPO_MIGRATIONS.length }]);
    } finally {
      await again.close();
    }
  });

  describe("through Prisma", () => {
    prismaCrudTests(() => db);
  });
});

describe("openDatabase with an unreachable server", () => {
  it("says which server it could not reach, without the password", async () => {
    const url = "postgresql://sightline:secret@127.0.0.1:1/sightline";
    await expect(openDatabase({ dataDir: "/nonexistent", url })).rejects.toThrow(
      /^Cannot connect to Postgres at postgresql:\/\/sightline:\*\*\*@127\.0\.0\.1:1\/sightline: /,
    );
  });
});
