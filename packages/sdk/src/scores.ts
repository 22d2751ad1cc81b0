import type { Acceptance } from "./exporter.js";
import { isSpanId, newTraceId } from "./ids.js";
import type { ScoreDataType, ScoreInput } from "./types.js";

/** The scores API (same keys and auth as ingest). */
export const SCORES_PATH = "/api/public/scores";

/** One score as the scores API takes it. */
export interface WireScore {
  id: string;
  traceId: string;
  spanId?: string;
  name: string;
  value: number | boolean | string;
  dataType: ScoreDataType;
  comment?: string;
  source: "sdk";
  timestamp: string;
}

/** A score waiting in the queue. */
export interface QueuedScore {
  readonly score: WireScore;
  readonly estimatedBytes: number;
}

/** Validates and normalises what the app passed; a string error says what is wrong. */
export function toWireScore(input: ScoreInput): WireScore | string {
  if (!input || typeof input !== "object") return "score needs an object { traceId, name, value }";
  const { traceId, spanId, name, value, comment } = input;
  if (typeof traceId !== "string" || traceId === "") return "score needs a traceId";
  if (spanId !== undefined && !isSpanId(spanId)) return `score spanId must be 16 lowercase hex characters, got ${JSON.stringify(spanId)}`;
  if (typeof name !== "string" || name.trim() === "") return "score needs a non-empty name";
  const dataType = input.dataType ?? (typeof value === "boolean" ? "boolean" : typeof value === "string" ? "categorical" : "numeric");
  if (dataType === "numeric" && (typeof value !== "number" || !Number.isFinite(value))) return `score "${name}": a numeric value must be a finite number`;
  if (dataType === "boolean" && typeof value !== "boolean" && value !== 0 && value !== 1) return `score "${name}": a boolean value must be true/false (or 1/0)`;
  if (dataType === "categorical" && typeof value !== "string") return `score "${name}": a categorical value must be a string`;
  const timestamp = toIso(input.timestamp);
  if (timestamp === undefined) return `score "${name}": timestamp must be a Date, epoch ms or an ISO string`;
  const score: WireScore = {
    id: typeof input.id === "string" && input.id !== "" ? input.id : newTraceId(),
    traceId,
    name,
    value,
    dataType,
    source: "sdk",
    timestamp,
  };
  if (spanId !== undefined) score.spanId = spanId;
  if (comment !== undefined) score.comment = String(comment);
  return score;
}

function toIso(timestamp: ScoreInput["timestamp"]): string | undefined {
  const date = timestamp === undefined ? new Date() : new Date(timestamp);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function encodeScores(items: readonly QueuedScore[]): string {
  return JSON.stringify({ scores: items.map((item) => item.score) });
}

/** `{ accepted, ids, errors: [{ index, message }] }`: each error is a score refused. */
export function readScoresAcceptance(body: Uint8Array): Acceptance {
  const parsed = JSON.parse(new TextDecoder().decode(body)) as { errors?: Array<{ index?: number; message?: string }> };
  const errors = Array.isArray(parsed.errors) ? parsed.errors : [];
  return { rejected: errors.length, message: errors.map((e) => `#${e.index}: ${e.message}`).join("; ") };
}
