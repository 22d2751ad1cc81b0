import { readFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteExecutor } from "../src/embedded";
import { applyMigrations, findMigrationsDir } from "../src/index";
import { describeDrift } from "./schema-drift/compare";
import { expectedShapeFromPrismaSchema } from "./schema-drift/expected-from-prisma";
import { introspectShape } from "./schema-drift/introspect";
import type { SchemaShape } from "./schema-drift/shape";

const migrationsDir = findMigrationsDir();
const schemaText = readFileSync(path.join(path.dirname(migrationsDir), "schema.prisma"), "utf8");

describe("schema.prisma and prisma/migrations agree", () => {
  let pglite: PGlite;
  let migrated: SchemaShape;

  beforeAll(async () => {
    pglite = await PGlite.create(); // in memory: nothing to clean up
    await applyMigrations(pgliteExecutor(pglite), migrationsDir);
    migrated = await introspectShape(pgliteExecutor(pglite));
  });
  afterAll(async () => {
    await pglite?.close();
  });

  it("finds every table, column, key, index and enum of schema.prisma in the migrated database, and nothing else", async () => {
    const expected = await expectedShapeFromPrismaSchema(schemaText);
    expect(Object.keys(migrated.tables).sort()).toEqual(
      ["api_keys", "auth_sessions", "memberships", "model_prices", "organizations", "projects", "users"],
    );
    expect(describeDrift(expected, migrated)).toEqual([]);
  });

  it("introspects what the migration declares, spelled as Postgres prints it", () => {
    const memberships = migrated.tables.memberships;
    expect(memberships?.primaryKey).toEqual({ name: "memberships_pkey", columns: ["user_id", "project_id"] });
    expect(memberships?.columns.role).toEqual({ type: '"Role"', nullable: false, default: null });
    expect(migrated.tables.users?.columns.created_at).toEqual({
      type: "timestamp(3) with time zone",
      nullable: false,
      default: "CURRENT_TIMESTAMP",
    });
    expect(migrated.tables.users?.indexes.users_email_key).toEqual({ unique: true, columns: ["email"] });
    expect(migrated.tables.api_keys?.foreignKeys.api_keys_project_id_fkey).toEqual({
      columns: ["project_id"],
      referencedTable: "projects",
      referencedColumns: ["id"],
      onDelete: "CASCADE",
      onUpdate: "CASCADE",
    });
    expect(migrated.enums.Role).toEqual(["owner", "admin", "member", "viewer", "auditor"]);
  });

  it("reports a field added to schema.prisma without a migration", async () => {
    const edited = schemaText.replace(
      "  name         String?\n",
      "  name         String?\n  nickname     String?  @unique\n",
    );
    expect(edited).not.toBe(schemaText);
    const drift = describeDrift(await expectedShapeFromPrismaSchema(edited), migrated);
    expect(drift).toEqual([
      'column "users"."nickname": in schema.prisma (text) but not in the migrations',
      'index "users_nickname_key": in schema.prisma (UNIQUE ("nickname") on "users") but not in the migrations',
    ]);
  });

  it("reports a changed type, default, enum value and referential action", async () => {
    const edited = schemaText
      .replace("  auditor\n}", "  auditor\n  guest\n}")
      .replace('expiresAt DateTime @map("expires_at") @db.Timestamptz(3)', 'expiresAt DateTime @map("expires_at")')
      .replace(
        "project   Project  @relation(fields: [projectId], references: [id], onDelete: Cascade)",
        "project   Project  @relation(fields: [projectId], references: [id], onDelete: Restrict)",
      )
      .replace("  role      Role\n", "  role      Role     @default(member)\n");
    const drift = describeDrift(await expectedShapeFromPrismaSchema(edited), migrated);
    expect(drift).toEqual([
      'enum "Role": schema.prisma says ["owner","admin","member","viewer","auditor","guest"], the migrations made ["owner","admin","member","viewer","auditor"]',
      'column "auth_sessions"."expires_at": schema.prisma says timestamp(3) without time zone NOT NULL, the migrations made timestamp(3) with time zone NOT NULL',
      `column "memberships"."role": schema.prisma says "Role" NOT NULL DEFAULT 'member'::"Role", the migrations made "Role" NOT NULL`,
      'foreign key "memberships_project_id_fkey": schema.prisma says "memberships"("project_id") → "projects"("id") ON DELETE RESTRICT ON UPDATE CASCADE, the migrations made "memberships"("project_id") → "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE',
    ]);
  });

  it("reports a table the migrations made that schema.prisma no longer has", async () => {
    const withoutApiKeys = schemaText
      .replace(/\/\/\/ Ingest\/query key pair[\s\S]*?@@map\("api_keys"\)\n}\n/, "")
      .replace("  apiKeys        ApiKey[]\n", "");
    const drift = describeDrift(await expectedShapeFromPrismaSchema(withoutApiKeys), migrated);
    expect(drift).toContain('table "api_keys": made by the migrations (exists) but not in schema.prisma');
    expect(drift).toContain('column "api_keys"."secret_hash": made by the migrations (text NOT NULL) but not in schema.prisma');
  });
});
