import type { SchemaShape } from "./shape";

/**
 * Every difference between what schema.prisma says and what the migrations built, one
 * readable line each (empty when they agree). Compared item by item so a report names
 * the exact column, index or constraint.
 */
export function describeDrift(expected: SchemaShape, actual: SchemaShape): string[] {
  const want = flatten(expected);
  const have = flatten(actual);
  const drift: string[] = [];
  for (const [key, value] of want) {
    const found = have.get(key);
    if (found === undefined) drift.push(`${key}: in schema.prisma (${value}) but not in the migrations`);
    else if (found !== value) drift.push(`${key}: schema.prisma says ${value}, the migrations made ${found}`);
  }
  for (const [key, value] of have) {
    if (!want.has(key)) drift.push(`${key}: made by the migrations (${value}) but not in schema.prisma`);
  }
  return drift;
}

function flatten(shape: SchemaShape): Map<string, string> {
  const items = new Map<string, string>();
  for (const [name, labels] of Object.entries(shape.enums)) items.set(`enum "${name}"`, JSON.stringify(labels));
  for (const [table, t] of Object.entries(shape.tables)) {
    items.set(`table "${table}"`, "exists");
    for (const [column, c] of Object.entries(t.columns)) {
      const spelled = `${c.type}${c.nullable ? "" : " NOT NULL"}${c.default === null ? "" : ` DEFAULT ${c.default}`}`;
      items.set(`column "${table}"."${column}"`, spelled);
    }
    if (t.primaryKey) items.set(`primary key "${t.primaryKey.name}"`, `("${t.primaryKey.columns.join('","')}") on "${table}"`);
    for (const [name, index] of Object.entries(t.indexes)) {
      items.set(`index "${name}"`, `${index.unique ? "UNIQUE " : ""}("${index.columns.join('","')}") on "${table}"`);
    }
    for (const [name, fk] of Object.entries(t.foreignKeys)) {
      items.set(
        `foreign key "${name}"`,
        `"${table}"("${fk.columns.join('","')}") → "${fk.referencedTable}"("${fk.referencedColumns.join('","')}") ` +
          `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`,
      );
    }
  }
  return items;
}
