const TRACE_ID = /^[0-9a-f]{32}$/;

/** A position in the traces list, newest first: everything strictly after (older than) it. */
export interface TraceCursor {
  startUs: number;
  traceId: string;
}

/** A cursor that was not produced by this list (tampered, truncated, from another version). */
export class InvalidCursorError extends Error {
  constructor(reason: string) {
    super(`Invalid cursor: ${reason}`);
    this.name = "InvalidCursorError";
  }
}

export function encodeCursor(cursor: TraceCursor): string {
  return Buffer.from(JSON.stringify([cursor.startUs, cursor.traceId]), "utf8").toString("base64url");
}

export function decodeCursor(text: string): TraceCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidCursorError("not base64url");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("not a list position");
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError("not a list position");
  const [startUs, traceId] = value as unknown[];
  if (typeof startUs !== "number" || !Number.isSafeInteger(startUs) || startUs < 0) throw new InvalidCursorError("bad start time");
  if (typeof traceId !== "string" || !TRACE_ID.test(traceId)) throw new InvalidCursorError("bad trace id");
  return { startUs, traceId };
}
