/**
 * JSON.stringify that never throws: BigInt becomes a decimal string, cycles become
 * "[Circular]", a throwing toJSON becomes "[Unserializable: reason]", an Error keeps its
 * name and message. Functions and symbols are left out, as JSON.stringify does.
 * Returns undefined only for values JSON has no text for (undefined, a function).
 */
export function safeStringify(value: unknown): string | undefined {
  // The plain call is several times faster than one with a replacer (which V8 cannot take
  // its fast path for); BigInt and cycles make it throw, and then the slow path takes over.
  // A nested Error serialises as {} here, as JSON.stringify has it; a top-level one keeps
  // its name and message.
  if (value instanceof Error) return JSON.stringify(errorToPlain(value));
  try {
    return JSON.stringify(value);
  } catch {
    // Slow path only for the rare value the fast path cannot take.
    try {
      return JSON.stringify(toPlain(value, []));
    } catch (error) {
      return JSON.stringify(`[Unserializable: ${describe(error)}]`);
    }
  }
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
