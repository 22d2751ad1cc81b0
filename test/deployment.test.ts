import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clickHouseConfigFromEnv } from "@sightline/clickhouse";
import { databaseConfigFromEnv } from "@sightline/db";

// docker-compose.yml cannot run here (no Docker engine): check what it relies on instead.
const root = new URL("..", import.meta.url).pathname;
const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"));

/** Compose's `${NAME:-default}` interpolation with an empty shell environment. */
const interpolate = (value: string) => value.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_m, _name, fallback = "") => fallback);
const envOf = (service: string): Record<string, string> =>
  Object.fromEntries(Object.entries(compose.services[service].environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ""))]));

describe("docker-compose.yml", () => {
  const sightline = envOf("sightline");

  it("points Sightline at the compose Postgres with that service's credentials", () => {
    const pg = envOf("postgres");
    const cfg = databaseConfigFromEnv(sightline, "/data");
    const url = new URL(cfg.url!);
    expect(url.hostname).toBe("postgres");
    expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(url.pathname.slice(1)).toBe(pg.POSTGRES_DB);
  });

  it("points Sightline at the compose ClickHouse with that service's credentials", () => {
    const ch = envOf("clickhouse");
    const cfg = clickHouseConfigFromEnv(sightline, "/data");
    expect(new URL(cfg.url!).hostname).toBe("clickhouse");
    expect(cfg.user).toBe(ch.CLICKHOUSE_USER);
    expect(cfg.password).toBe(ch.CLICKHOUSE_PASSWORD);
    expect(cfg.database).toBe(ch.CLICKHOUSE_DB);
  });

  it("sets only variables the code reads", () => {
    const sources = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "apps", "packages"], { cwd: root, encoding: "utf8" })
      .split("\n")
      .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test.") && existsSync(join(root, f)))
      .map((f) => readFileSync(join(root, f), "utf8"))
      .join("\n");
    for (const name of Object.keys(sightline)) expect(sources, `${name} is set by compose but never read`).toContain(name);
  });

  it("health-checks a route that exists, on the port the server listens on", () => {
    expect(compose.services.sightline.healthcheck.test.join(" ")).toContain("/api/health");
    expect(existsSync(join(root, "apps/web/src/app/api/health/route.ts"))).toBe(true);
    expect(compose.services.sightline.ports[0]).toMatch(new RegExp(`:${sightline.PORT}$`));
  });

  it("publishes the OTLP port the server listens on", () => {
    expect(sightline.SIGHTLINE_OTLP_PORT).toBe("4318");
    expect(compose.services.sightline.ports).toContain("${SIGHTLINE_OTLP_PUBLISHED_PORT:-4318}:4318");
  });

  it("builds with the pinned pnpm", () => {
    const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.replace("pnpm@", "");
    expect(readFileSync(join(root, "Dockerfile"), "utf8")).toContain(`pnpm@${pinned}`);
  });
});
