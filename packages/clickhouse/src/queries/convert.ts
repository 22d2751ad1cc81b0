/** Settings every read sets explicitly, so value shapes do not depend on server defaults. */
export const READ_SETTINGS = {
  output_format_json_quote_64bit_integers: 1,
  date_time_output_format: "simple",
} as const;

/** A 64-bit integer as JSON output with quoting on ("123"), or a plain number. */
export function toNumber(value: string | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`ClickHouse returned a non-numeric value: ${String(value)}`);
  return n;
}

/** Microseconds since the epoch → ISO 8601 UTC with microseconds: "2026-11-23T10:00:00.123456Z". */
export function isoFromMicros(value: string | number): string {
  const us = toNumber(value);
  const seconds = Math.floor(us / 1_000_000);
  const micros = us - seconds * 1_000_000;
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, "0")}Z`;
}

/** A JSON column; a value that does not parse is returned as the raw text rather than lost. */
export function parseJsonColumn(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const emptyToNull = (value: string): string | null => (value === "" ? null : value);
