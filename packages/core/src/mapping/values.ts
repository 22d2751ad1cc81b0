
/** Attribute value parsers used by the mapping table. Each returns undefined for "no value". */

export function asString(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() === "" ? undefined : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** A finite number, from a number or a numeric string. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A token count: a non-negative number, rounded. */
export function asCount(v: unknown): number | undefined {
  const n = asNumber(v);
  return n === undefined || n < 0 ? undefined : Math.round(n);
}

/** A JSON text (object or array) is parsed; anything else is returned as it is. */
export function parseJsonLoose(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const first = firstNonSpace(v);
  if (first !== "{" && first !== "[") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** Any JSON text is parsed (used when the sender declared a JSON mime type). */
export function parseJsonStrict(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function asObject(v: unknown): Record<string, unknown> | undefined {
  const parsed = typeof v === "string" ? parseJsonLoose(v) : v;
  return isPlainObject(parsed) ? parsed : undefined;
}

/** string[] from an array, a JSON array text, or a single string. */
export function asStringArray(v: unknown): string[] | undefined {
  const parsed = parseJsonLoose(v);
  if (Array.isArray(parsed)) {
    const out: string[] = [];
    for (const item of parsed) {
      const s = typeof item === "string" ? item : item === null || item === undefined ? "" : typeof item === "object" ? JSON.stringify(item) : String(item);
      if (s !== "") out.push(s);
    }
    return out;
  }
  return typeof parsed === "string" && parsed !== "" ? [parsed] : undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value as display text: strings stay, everything else becomes JSON. */
export function toText(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined || v === null) return "";
  return JSON.stringify(v);
}

export function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

function firstNonSpace(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== " " && c !== "\n" && c !== "\r" && c !== "\t") return c;
  }
  return "";
}
