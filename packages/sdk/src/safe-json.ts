/**
 * JSON.stringify that never throws: BigInt becomes a decimal string, cycles become
 * "[Circular]", a throwing toJSON becomes "[Unserializable: reason]", Errors keep their
 * name and message. Functions and symbols are left out, as JSON.stringify does.
 * Returns undefined only for values JSON has no text for (undefined, a function).
 */
export function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, bigintReplacer);
  } catch {
    // Slow path only for the rare value the fast path cannot take.
    try {
      return JSON.stringify(toPlain(value, []));
    } catch (error) {
      return JSON.stringify(`[Unserializable: ${describe(error)}]`);
    }
  }
}

function bigintReplacer(_key: string, v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Error) return errorToPlain(v);
  return v;
}

function errorToPlain(error: Error): Record<string, unknown> {
  return { name: error.name, message: error.message };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Copies a value into plain JSON-safe data, tracking the ancestors to spot cycles. */
function toPlain(value: unknown, ancestors: object[]): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value !== "object") return value;
  if (ancestors.includes(value)) return "[Circular]";
  if (value instanceof Error) return errorToPlain(value);
  let source: unknown = value;
  const withToJSON = value as { toJSON?: unknown };
  if (typeof withToJSON.toJSON === "function") {
    try {
      source = (withToJSON.toJSON as () => unknown).call(value);
    } catch (error) {
      return `[Unserializable: ${describe(error)}]`;
    }
    if (source === null || typeof source !== "object") return toPlain(source, ancestors);
  }
  ancestors.push(value);
  try {
    if (Array.isArray(source)) return source.map((item) => toPlain(item, ancestors) ?? null);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source as object)) {
      let item: unknown;
      try {
        item = (source as Record<string, unknown>)[key];
      } catch (error) {
        item = `[Unserializable: ${describe(error)}]`;
      }
      const plain = toPlain(item, ancestors);
      if (plain !== undefined) out[key] = plain;
    }
    return out;
  } finally {
    ancestors.pop();
  }
}
