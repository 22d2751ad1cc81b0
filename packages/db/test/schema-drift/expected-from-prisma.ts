import internals from "@prisma/internals";
import { emptyTable, type SchemaShape } from "./shape";

type Datamodel = Awaited<ReturnType<typeof internals.getDMMF>>["datamodel"];
type Model = Datamodel["models"][number];
type Field = Model["fields"][number];

/**
 * The schema `prisma migrate dev` would create for this schema.prisma text, read through
 * Prisma's own parser (DMMF, WebAssembly, works offline) and spelled as pg_catalog spells it.
 * Throws on attributes this translation does not know rather than guessing.
 */
export async function expectedShapeFromPrismaSchema(schemaText: string): Promise<SchemaShape> {
  const { datamodel } = await internals.getDMMF({ datamodel: schemaText });
  const shape: SchemaShape = { enums: {}, tables: {} };
  for (const e of datamodel.enums) shape.enums[e.dbName ?? e.name] = e.values.map((v) => v.dbName ?? v.name);

  const tableOf = (modelName: string): Model => {
    const model = datamodel.models.find((m) => m.name === modelName);
    if (!model) throw new Error(`schema.prisma: unknown model ${modelName}`);
    return model;
  };
  const tableName = (model: Model) => model.dbName ?? model.name;
  const columnName = (model: Model, fieldName: string) => {
    const field = model.fields.find((f) => f.name === fieldName);
    if (!field) throw new Error(`schema.prisma: ${model.name} has no field ${fieldName}`);
    return field.dbName ?? field.name;
  };

  for (const model of datamodel.models) {
    const name = tableName(model);
    const table = (shape.tables[name] = emptyTable());
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      table.columns[field.dbName ?? field.name] = {
        type: columnType(field, datamodel),
        nullable: !field.isRequired,
        default: columnDefault(field, datamodel),
      };
    }

    for (const index of datamodel.indexes.filter((i) => i.model === model.name)) {
      const columns = index.fields.map((f) => columnName(model, f.name));
      if (index.type === "id") table.primaryKey = { name: index.dbName ?? `${name}_pkey`, columns };
      else if (index.type === "unique") table.indexes[index.dbName ?? `${name}_${columns.join("_")}_key`] = { unique: true, columns };
      else if (index.type === "normal") table.indexes[index.dbName ?? `${name}_${columns.join("_")}_idx`] = { unique: false, columns };
      else throw new Error(`schema.prisma: ${index.type} index on ${model.name} is not supported on Postgres`);
    }

    for (const relation of model.fields.filter((f) => f.kind === "object" && f.relationFromFields?.length)) {
      const target = tableOf(relation.type);
      const columns = (relation.relationFromFields ?? []).map((f) => columnName(model, f));
      const optional = (relation.relationFromFields ?? []).some((f) => !model.fields.find((x) => x.name === f)?.isRequired);
      table.foreignKeys[`${name}_${columns.join("_")}_fkey`] = {
        columns,
        referencedTable: tableName(target),
        referencedColumns: (relation.relationToFields ?? []).map((f) => columnName(target, f)),
        // Prisma's defaults when the schema names no action.
        onDelete: referentialAction(relation.relationOnDelete ?? (optional ? "SetNull" : "Restrict")),
        onUpdate: referentialAction(relation.relationOnUpdate ?? "Cascade"),
      };
    }
  }
  return shape;
}

const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: "CASCADE",
  Restrict: "RESTRICT",
  NoAction: "NO ACTION",
  SetNull: "SET NULL",
  SetDefault: "SET DEFAULT",
};

function referentialAction(action: string): string {
  const sql = REFERENTIAL_ACTIONS[action];
  if (!sql) throw new Error(`schema.prisma: unknown referential action ${action}`);
  return sql;
}

/** Prisma's Postgres column type for a field, spelled as `format_type()` prints it. */
function columnType(field: Field, datamodel: Datamodel): string {
  const base = field.kind === "enum" ? enumType(field.type, datamodel) : scalarType(field);
  return field.isList ? `${base}[]` : base;
}

function enumType(enumName: string, datamodel: Datamodel): string {
  const e = datamodel.enums.find((x) => x.name === enumName);
  const name = e?.dbName ?? enumName;
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name}"`;
}

function scalarType(field: Field): string {
  const [native, args = []] = field.nativeType ?? [];
  const spelled = native ? nativeType(native, args) : DEFAULT_TYPES[field.type];
  if (!spelled) throw new Error(`schema.prisma: ${field.name}: no Postgres type known for ${field.type} ${native ?? ""}`);
  return spelled;
}

const DEFAULT_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function nativeType(native: string, args: readonly string[]): string | undefined {
  const precision = args[0];
  switch (native) {
    case "Text": return "text";
    case "Uuid": return "uuid";
    case "VarChar": return precision ? `character varying(${precision})` : "character varying";
    case "Char": return `character(${precision ?? 1})`;
    case "Timestamptz": return `timestamp(${precision ?? 6}) with time zone`;
    case "Timestamp": return `timestamp(${precision ?? 6}) without time zone`;
    case "Date": return "date";
    case "SmallInt": return "smallint";
    case "Integer": return "integer";
    case "BigInt": return "bigint";
    case "JsonB": return "jsonb";
    case "Json": return "json";
    default: return undefined;
  }
}

/** The default expression Prisma writes, as `pg_get_expr()` prints it back (null: none in the database). */
function columnDefault(field: Field, datamodel: Datamodel): string | null {
  if (!field.hasDefaultValue || field.default === undefined) return null;
  const value = field.default;
  if (Array.isArray(value)) throw new Error(`schema.prisma: ${field.name}: list defaults are not supported by the drift check`);
  if (typeof value === "object" && "name" in value) {
    if (value.name === "now") return "CURRENT_TIMESTAMP";
    // uuid(), cuid(), nanoid(), ulid() are filled in by the client, not the database.
    if (["uuid", "cuid", "nanoid", "ulid"].includes(value.name)) return null;
    throw new Error(`schema.prisma: ${field.name}: default ${value.name}() is not supported by the drift check`);
  }
  if (field.kind === "enum") return `'${String(value)}'::${enumType(field.type, datamodel)}`;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") return value < 0 ? `'${value}'::${scalarType(field)}` : String(value);
  if (typeof value === "string" && field.type === "String") return `'${value.replace(/'/g, "''")}'::text`;
  throw new Error(`schema.prisma: ${field.name}: default ${JSON.stringify(value)} is not supported by the drift check`);
}
