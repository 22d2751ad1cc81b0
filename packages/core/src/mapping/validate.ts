import { isHex } from "../otlp/ids";
import type { OtlpSpan } from "../otlp/types";
import type { MappingLimits } from "./limits";

export interface ValidTimes {
  startTimeUs: number;
  endTimeUs: number;
}

/** Why the span cannot be stored, or its times in µs when it can. */
export function validateSpan(span: OtlpSpan, nowUs: number, limits: MappingLimits): { reason: string } | ValidTimes {
  if (span.invalid) return { reason: span.invalid };
  const traceProblem = idProblem(span.traceId, 32, "trace id");
  if (traceProblem) return { reason: traceProblem };
  const spanProblem = idProblem(span.spanId, 16, "span id");
  if (spanProblem) return { reason: spanProblem };
  if (span.parentSpanId !== "" && (span.parentSpanId.length !== 16 || !isHex(span.parentSpanId))) {
    return { reason: `parent span id ${quote(span.parentSpanId)} is not 16 hex characters (8 bytes)` };
  }
  const startTimeUs = nanosToUs(span.startTimeUnixNano);
  const endTimeUs = nanosToUs(span.endTimeUnixNano);
  if (span.startTimeUnixNano === 0n) return { reason: "start time is missing" };
  if (span.endTimeUnixNano === 0n) return { reason: "end time is missing" };
  if (startTimeUs < limits.minTimeUs) return { reason: `start time ${iso(startTimeUs)} is before ${iso(limits.minTimeUs)}` };
  const latestUs = nowUs + limits.maxFutureUs;
  if (startTimeUs > latestUs) return { reason: `start time ${iso(startTimeUs)} is in the future` };
  if (endTimeUs > latestUs) return { reason: `end time ${iso(endTimeUs)} is in the future` };
  if (span.endTimeUnixNano < span.startTimeUnixNano) return { reason: "end time is before start time" };
  return { startTimeUs, endTimeUs };
}

function idProblem(id: string, hexLength: number, what: string): string | undefined {
  if (id === "") return `${what} is missing`;
  if (id.length !== hexLength || !isHex(id)) return `${what} ${quote(id)} is not ${hexLength} hex characters (${hexLength / 2} bytes)`;
  for (let i = 0; i < id.length; i++) if (id.charCodeAt(i) !== 48) return undefined;
  return `${what} is all zeros`;
}

/** Nanoseconds → whole microseconds (ClickHouse DateTime64(6)). */
export function nanosToUs(nanos: bigint): number {
  return Number(nanos / 1000n);
}

function iso(us: number): string {
  const ms = Math.floor(us / 1000);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${us}µs`;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
