import { parseTimestampMicros } from "./time";

/** "840 µs", "12.3 ms", "1.24 s", "2m 05s", "3h 02m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 10) return `${trimZeros(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${trimZeros(ms.toFixed(ms < 100 ? 1 : 0))} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${trimZeros(seconds.toFixed(seconds < 10 ? 2 : 1))} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad2(Math.floor(seconds % 60))}s`;
  return `${Math.floor(minutes / 60)}h ${pad2(minutes % 60)}m`;
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** "1,234"; "–" for zero so empty columns read as empty. */
export function formatTokens(tokens: number): string {
  return tokens > 0 ? integer.format(tokens) : "–";
}

/** USD with enough precision for per-call prices: "$0.000135", "$1.23". */
export function formatCost(cost: number | null): string {
  if (cost === null || !Number.isFinite(cost)) return "–";
  if (cost === 0) return "$0";
  if (Math.abs(cost) >= 1) return `$${cost.toFixed(2)}`;
  return `$${trimZeros(cost.toPrecision(3).includes("e") ? cost.toFixed(8) : cost.toPrecision(3))}`;
}

/** Local wall-clock time with milliseconds; the date only when it is not today. */
export function formatTimestamp(iso: string, now: Date = new Date()): string {
  const micros = parseTimestampMicros(iso);
  if (Number.isNaN(micros)) return iso;
  const date = new Date(micros / 1000);
  const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}.${String(
    date.getMilliseconds(),
  ).padStart(3, "0")}`;
  const sameDay = date.toDateString() === now.toDateString();
  if (sameDay) return time;
  const day = date.toLocaleDateString("en-US", {
    month: "short",
    day: "numeric",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  });
  return `${day}, ${time}`;
}

/** Time relative to now: "12s ago", "5m ago", "3h ago", "2d ago". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const micros = parseTimestampMicros(iso);
  if (Number.isNaN(micros)) return "";
  const seconds = Math.round((now.getTime() - micros / 1000) / 1000);
  if (seconds < 0) return "in the future";
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

function trimZeros(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}
