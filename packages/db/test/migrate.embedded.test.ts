import { PGlite } from "@electric-sql/pglite";
import { describe } from "vitest";
import { pgliteExecutor } from "../src/embedded";
import { migrationRunnerTests } from "./support/migration-runner-suite";

describe("migration runner on embedded PGlite", () => {
  migrationRunnerTests(async () => {
    const pglite = await PGlite.create(); // in memory: one initdb for the whole file, nothing to clean up
    return { exec: pgliteExecutor(pglite), close: () => pglite.close() };
  });
});
