import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, findMigrationsDir } from "../src/index";
import { pgClientExecutor } from "../src/server";
import { describeDrift } from "./schema-drift/compare";
import { expectedShapeFromPrismaSchema } from "./schema-drift/expected-from-prisma";
import { introspectShape } from "./schema-drift/introspect";
import { migrationRunnerTests, REPO_MIGRATIONS } from "./support/migration-runner-suite";
import { createThrowawayDatabase, testServerUrl } from "./support/throwaway-database";

// Runs when the test runner passes a real server (SIGHTLINE_TEST_DATABASE_URL or DATABASE_URL).
describe.runIf(testServerUrl)("migration runner on a Postgres server", () => {
  describe("on one connection", () => {
    migrationRunnerTests(async () => {
      const database = await createThrowawayDatabase(testServerUrl!);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      return {
        exec: pgClientExecutor(client),
        async close() {
          await client.end();
          await database.drop();
        },
      };
    });
  });

  describe("from several nodes starting together", () => {
    let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
    const clients: pg.Client[] = [];

    beforeAll(async () => {
      database = await createThrowawayDatabase(testServerUrl!);
      for (let i = 0; i < 3; i++) {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        clients.push(client);
      }
    });
    afterAll(async () => {
      await Promise.allSettled(clients.map((c) => c.end()));
      await database?.drop();
    });

    it("applies each migration exactly once (the advisory lock serializes them)", async () => {
      const dir = findMigrationsDir();
      const results = await Promise.all(clients.map((c) => applyMigrations(pgClientExecutor(c), dir)));
      expect(results.flatMap((r) => r.applied)).toEqual(REPO_MIGRATIONS);
      const rows = await clients[0]!.query("SELECT migration_name FROM _prisma_migrations ORDER BY migration_name");
      expect(rows.rows).toEqual(REPO_MIGRATIONS.map((migration_name) => ({ migration_name })));
    });

    it("leaves a schema that matches schema.prisma (the drift check, on a real server)", async () => {
      const schemaText = readFileSync(path.join(path.dirname(findMigrationsDir()), "schema.prisma"), "utf8");
      const actual = await introspectShape(pgClientExecutor(clients[0]!));
      expect(describeDrift(await expectedShapeFromPrismaSchema(schemaText), actual)).toEqual([]);
    });
  });
});
