import type { SqlExecutor } from "../../src/sql-executor";
import { emptyTable, type SchemaShape, type TableShape } from "./shape";

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

// Columns of an index or constraint, in key order, as text[].
const keyColumns = (keys: string, relation: string) =>
  `ARRAY(SELECT a.attname::text FROM unnest(${keys}::int2[]) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.attnum ORDER BY k.ord)`;

/** Reads the shape of the `public` schema from pg_catalog (Prisma's history table excluded). */
export async function introspectShape(exec: SqlExecutor): Promise<SchemaShape> {
  const shape: SchemaShape = { enums: {}, tables: {} };
  const table = (name: string): TableShape => (shape.tables[name] ??= emptyTable());

  const enums = await exec.query<{ name: string; labels: string[] }>(`
    SELECT t.typname::text AS name,
           ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'e' AND n.nspname = 'public'`);
  for (const e of enums) shape.enums[e.name] = e.labels;

  const columns = await exec.query<{ table: string; column: string; type: string; nullable: boolean; default: string | null }>(`
    SELECT c.relname::text AS table, a.attname::text AS column, format_type(a.atttypid, a.atttypmod) AS type,
           NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
      AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  for (const c of columns) table(c.table).columns[c.column] = { type: c.type, nullable: c.nullable, default: c.default };

  const indexes = await exec.query<{ table: string; name: string; primary: boolean; unique: boolean; columns: string[] }>(`
    SELECT t.relname::text AS table, i.relname::text AS name, ix.indisprimary AS primary, ix.indisunique AS unique,
           ${keyColumns("ix.indkey", "t.oid")} AS columns
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid
    JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const ix of indexes) {
    if (ix.primary) table(ix.table).primaryKey = { name: ix.name, columns: ix.columns };
    else table(ix.table).indexes[ix.name] = { unique: ix.unique, columns: ix.columns };
  }

  const foreignKeys = await exec.query<{
    table: string; name: string; columns: string[]; referenced_table: string; referenced_columns: string[];
    on_delete: string; on_update: string;
  }>(`
    SELECT t.relname::text AS table, con.conname::text AS name, ${keyColumns("con.conkey", "con.conrelid")} AS columns,
           r.relname::text AS referenced_table, ${keyColumns("con.confkey", "con.confrelid")} AS referenced_columns,
           con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
    FROM pg_constraint con
    JOIN pg_class t ON t.oid = con.conrelid
    JOIN pg_class r ON r.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE con.contype = 'f' AND n.nspname = 'public'`);
  for (const fk of foreignKeys) {
    table(fk.table).foreignKeys[fk.name] = {
      columns: fk.columns,
      referencedTable: fk.referenced_table,
      referencedColumns: fk.referenced_columns,
      onDelete: FK_ACTIONS[fk.on_delete] ?? fk.on_delete,
      onUpdate: FK_ACTIONS[fk.on_update] ?? fk.on_update,
    };
  }
  return shape;
}
