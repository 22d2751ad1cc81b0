import { ClickHouseError } from "@clickhouse/client";

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/**
 * True when an INSERT failed because the server could not be reached or dropped the
 * connection, not because it refused the data: only then is retrying the same file useful.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof ClickHouseError || !(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
  return /socket hang up|timeout|ECONNREFUSED|ECONNRESET/i.test(error.message);
}
