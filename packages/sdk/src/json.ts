/**
 * JSON.stringify that never throws: cycles become "[Circular]", BigInt a decimal string,
 * functions and symbols are dropped, Errors keep name and message.
 */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === "bigint") return v.toString();
        if (typeof v === "function" || typeof v === "symbol") return undefined;
        if (v instanceof Error) return { name: v.name, message: v.message };
        if (v !== null && typeof v === "object") {
          if (seen.has(v)) return "[Circular]";
          seen.add(v);
        }
        return v;
      }) ?? "null"
    );
  } catch {
    return JSON.stringify(String(value));
  }
}
