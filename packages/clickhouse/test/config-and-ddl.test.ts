import { describe, expect, it } from "vitest";
import { MIGRATIONS, clickHouseConfigFromEnv, migrationChecksum, openClickHouse, renderStatement, validateClusterName, writerOptionsFromEnv } from "../src/index";

// Configuration and DDL rendering: no engine needed (no cluster exists on this machine, so the
// cluster DDL is checked as text).

const allStatements = MIGRATIONS.flatMap((m) => m.statements);

describe("migration DDL", () => {
  it("renders single-node DDL with plain engines and no placeholder left", () => {
    for (const statement of allStatements) {
      const sql = renderStatement(statement, {});
      expect(sql).not.toMatch(/\{\{|ON CLUSTER|Replicated/);
    }
    expect(renderStatement(MIGRATIONS[0]!.statements[0]!, {})).toMatch(/\nENGINE = ReplacingMergeTree\(\)\n/);
  });

  it("renders cluster DDL with ON CLUSTER on every statement and Replicated engines", () => {
    const rendered = allStatements.map((statement) => renderStatement(statement, { cluster: "sightline_prod" }));
    for (const sql of rendered) {
      // 0003 adds a column and replaces the traces view: ALTER … ADD COLUMN IF NOT EXISTS, DROP VIEW IF EXISTS.
      expect(sql).toMatch(/^(CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS|ALTER TABLE|DROP VIEW IF EXISTS) \w+ ON CLUSTER 'sightline_prod'(\s|$)/);
      expect(sql).not.toMatch(/\{\{/);
    }
    const engines = rendered.flatMap((sql) => [...sql.matchAll(/ENGINE = (\w+)\((.*)\)/g)].map((m) => [m[1], m[2]]));
    expect(engines).toEqual([
      ["ReplicatedReplacingMergeTree", "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"],
      ["ReplicatedAggregatingMergeTree", "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"],
      // 0004: scores keep the latest version per key (created_at is the version column).
      ["ReplicatedReplacingMergeTree", "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}', created_at"],
    ]);
    // The view itself has no engine: it writes into the replicated `traces` table.
    expect(rendered[2]).toMatch(/^CREATE MATERIALIZED VIEW IF NOT EXISTS traces_mv ON CLUSTER 'sightline_prod' TO traces AS/);
  });

  it("keeps engine arguments after the replication arguments", () => {
    expect(renderStatement("ENGINE = {{ENGINE ReplacingMergeTree(ingested_at)}}", { cluster: "c1" })).toBe(
      "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}', ingested_at)",
    );
    expect(renderStatement("ENGINE = {{ENGINE ReplacingMergeTree(ingested_at)}}", {})).toBe("ENGINE = ReplacingMergeTree(ingested_at)");
  });

  it("checksums the unrendered text, so single nodes and clusters agree", () => {
    for (const migration of MIGRATIONS) expect(migrationChecksum(migration)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(MIGRATIONS.map(migrationChecksum)).size).toBe(MIGRATIONS.length);
    expect(MIGRATIONS.map((m) => m.version)).toEqual([...MIGRATIONS.map((m) => m.version)].sort((a, b) => a - b));
  });

  it.each(["prod-1", "a b", "x';DROP TABLE spans;--", "", "c\n"])("rejects the cluster name %j", (cluster) => {
    expect(() => renderStatement(allStatements[0]!, { cluster })).toThrow(/Invalid ClickHouse cluster name/);
    expect(() => validateClusterName(cluster)).toThrow(/only letters, digits and "_"/);
  });
});

describe("configuration", () => {
  it("reads the INSERT interval, refusing what is not a whole number of milliseconds up to a minute", () => {
    expect(writerOptionsFromEnv({})).toEqual({});
    expect(writerOptionsFromEnv({ SIGHTLINE_INSERT_INTERVAL_MS: " " })).toEqual({});
    expect(writerOptionsFromEnv({ SIGHTLINE_INSERT_INTERVAL_MS: "0" })).toEqual({ minInsertIntervalMs: 0 });
    expect(writerOptionsFromEnv({ SIGHTLINE_INSERT_INTERVAL_MS: " 250 " })).toEqual({ minInsertIntervalMs: 250 });
    for (const bad of ["-1", "1.5", "1e3", "abc", "60001", "0x10"]) {
      expect(() => writerOptionsFromEnv({ SIGHTLINE_INSERT_INTERVAL_MS: bad })).toThrow(/SIGHTLINE_INSERT_INTERVAL_MS must be a whole number of milliseconds from 0 to 60000/);
    }
  });

  it("runs embedded when CLICKHOUSE_URL is unset or empty", () => {
    expect(clickHouseConfigFromEnv({}, "/data")).toEqual({ dataDir: "/data" });
    expect(clickHouseConfigFromEnv({ CLICKHOUSE_URL: " ", CLICKHOUSE_CLUSTER: "" }, "/data")).toEqual({ dataDir: "/data" });
  });

  it("reads the server settings", () => {
    const env = {
      CLICKHOUSE_URL: "http://ch.internal:8123",
      CLICKHOUSE_USER: "sightline",
      CLICKHOUSE_PASSWORD: " secret ",
      CLICKHOUSE_DB: "observability",
      CLICKHOUSE_CLUSTER: "main_cluster",
    };
    expect(clickHouseConfigFromEnv(env, "/data")).toEqual({
      dataDir: "/data",
      url: "http://ch.internal:8123",
      user: "sightline",
      password: " secret ",
      database: "observability",
      cluster: "main_cluster",
    });
  });

  it("rejects a malformed CLICKHOUSE_CLUSTER with the reason", () => {
    expect(() => clickHouseConfigFromEnv({ CLICKHOUSE_URL: "http://x:8123", CLICKHOUSE_CLUSTER: "main-cluster" }, "/data")).toThrow(
      'Invalid ClickHouse cluster name "main-cluster": only letters, digits and "_" are allowed',
    );
  });

  it("refuses a cluster without a server before opening anything", async () => {
    await expect(openClickHouse({ dataDir: "/nonexistent", cluster: "c1" })).rejects.toThrow(/CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL/);
  });
});
