/**
 * The parts of a Postgres schema that Prisma's schema decides, in a form both sides
 * (schema.prisma via DMMF, a migrated database via pg_catalog) can be reduced to.
 */
export interface SchemaShape {
  /** enum name → labels in declaration order */
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
}

export interface TableShape {
  /** column → `format_type` spelling (`timestamp(3) with time zone`), nullability, default expression */
  columns: Record<string, { type: string; nullable: boolean; default: string | null }>;
  primaryKey: { name: string; columns: string[] } | null;
  /** secondary indexes by name (the primary key's index is not listed here) */
  indexes: Record<string, { unique: boolean; columns: string[] }>;
  /** foreign keys by constraint name; actions spelled as in SQL (`CASCADE`, `NO ACTION`, …) */
  foreignKeys: Record<
    string,
    { columns: string[]; referencedTable: string; referencedColumns: string[]; onDelete: string; onUpdate: string }
  >;
}

export function emptyTable(): TableShape {
  return { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
}
