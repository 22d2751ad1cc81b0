import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { databaseConfigFromEnv, findMigrationsDir } from "../src/index";

describe("databaseConfigFromEnv", () => {
  it("is embedded when DATABASE_URL is unset or empty", () => {
    expect(databaseConfigFromEnv({}, "/data")).toEqual({ dataDir: "/data" });
    expect(databaseConfigFromEnv({ DATABASE_URL: "" }, "/data")).toEqual({ dataDir: "/data" });
    expect(databaseConfigFromEnv({ DATABASE_URL: "  " }, "/data")).toEqual({ dataDir: "/data" });
  });

  it("uses the server when DATABASE_URL is set", () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: "postgresql://u@db:5432/sightline" }, "/data")).toEqual({
      dataDir: "/data",
      url: "postgresql://u@db:5432/sightline",
    });
    expect(databaseConfigFromEnv({ DATABASE_URL: "postgres://db/s" }, "/data").url).toBe("postgres://db/s");
  });

  it("rejects a DATABASE_URL that is not a Postgres URL", () => {
    expect(() => databaseConfigFromEnv({ DATABASE_URL: "mysql://db/s" }, "/data")).toThrow(
      /DATABASE_URL must start with postgresql:\/\/ or postgres:\/\//,
    );
  });
});

describe("findMigrationsDir", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "sl-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("walks up from the working directory to the folder holding prisma/migrations", () => {
    mkdirSync(path.join(root, "prisma", "migrations"), { recursive: true });
    mkdirSync(path.join(root, "apps", "web"), { recursive: true });
    expect(findMigrationsDir({}, path.join(root, "apps", "web"))).toBe(path.join(root, "prisma", "migrations"));
  });

  it("prefers SIGHTLINE_MIGRATIONS_DIR, resolved against the working directory", () => {
    mkdirSync(path.join(root, "elsewhere"), { recursive: true });
    expect(findMigrationsDir({ SIGHTLINE_MIGRATIONS_DIR: "../elsewhere" }, path.join(root, "apps"))).toBe(
      path.join(root, "elsewhere"),
    );
    expect(() => findMigrationsDir({ SIGHTLINE_MIGRATIONS_DIR: "/no/such/dir" }, root)).toThrow(
      "SIGHTLINE_MIGRATIONS_DIR=/no/such/dir is not a folder",
    );
  });

  it("says what to set when there is none", () => {
    expect(() => findMigrationsDir({}, os.tmpdir())).toThrow(/set SIGHTLINE_MIGRATIONS_DIR/);
  });
});
