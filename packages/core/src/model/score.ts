import { z } from "zod";
import { traceIdSchema } from "./trace-filter";

/**
 * Scores: flags, ratings and labels an application (or an evaluator) attaches to a trace or
 * one of its spans through `POST /api/public/scores`. One definition for the API, the
 * storage layer and the UI.
 */

export const SCORE_DATA_TYPES = ["numeric", "boolean", "categorical"] as const;
export type ScoreDataType = (typeof SCORE_DATA_TYPES)[number];

/** Who may send a score through the public API. Stored scores may later carry other sources (ui, rule). */
export const SCORE_SOURCES = ["api", "sdk", "eval"] as const;
export type ScoreSource = (typeof SCORE_SOURCES)[number];

export const MAX_SCORES_PER_REQUEST = 1000;
export const SCORE_NAME_MAX = 200;
export const SCORE_CATEGORY_MAX = 200;
export const SCORE_COMMENT_MAX = 4000;
/** Scores may not be dated before this (a guard against epoch seconds sent as milliseconds). */
export const SCORE_MIN_TIMESTAMP_MS = Date.UTC(2000, 0, 1);
/** Nor more than this after the server's clock. */
export const SCORE_MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export const scoreIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, "must be 1–64 characters of A–Z, a–z, 0–9 and . _ : -");

/** Span ids are 16 hex characters (either case accepted, stored lowercase like ingested spans). */
export const spanIdSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{16}$/, "must be 16 hex characters")
  .refine((id) => !/^0+$/.test(id), "must not be all zeros")
  .transform((id) => id.toLowerCase());

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const TIMESTAMP_HINT = "an ISO-8601 date-time with a zone (e.g. 2026-11-24T10:00:00Z) or epoch milliseconds";

const timestampSchema = z.union([z.string(), z.number()], { error: `must be ${TIMESTAMP_HINT}` }).transform((value, ctx) => {
  const ms = typeof value === "number" ? value : ISO_DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: "custom", message: `must be ${TIMESTAMP_HINT}` });
    return z.NEVER;
  }
  return Math.floor(ms);
});

function inferDataType(value: unknown): ScoreDataType | null {
  if (typeof value === "number") return "numeric";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "categorical";
  return null;
}

/**
 * One score as a client sends it. `dataType` is inferred from the value's JSON type when
 * absent and must agree with it when present (except 1/0 with "boolean", read as true/false);
 * numbers must be finite; unknown fields are refused (a misspelt `comments` would otherwise
 * vanish silently).
 */
export const scoreInputSchema = z
  .strictObject(
    {
      id: scoreIdSchema.optional(),
      traceId: traceIdSchema.refine((id) => !/^0+$/.test(id), "must not be all zeros"),
      spanId: spanIdSchema.optional(),
      name: z
        .string()
        .max(SCORE_NAME_MAX, `must be at most ${SCORE_NAME_MAX} characters`)
        .refine((name) => name.trim() !== "", "must not be empty"),
      value: z.custom<number | boolean | string>((value) => inferDataType(value) !== null, { error: "must be a number, a boolean or a string" }),
      dataType: z.enum(SCORE_DATA_TYPES, { error: `must be one of ${SCORE_DATA_TYPES.join(", ")}` }).optional(),
      comment: z.string().max(SCORE_COMMENT_MAX, `must be at most ${SCORE_COMMENT_MAX} characters`).optional(),
      source: z.enum(SCORE_SOURCES, { error: `must be one of ${SCORE_SOURCES.join(", ")}` }).optional(),
      timestamp: timestampSchema.optional(),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : "a score must be a JSON object") },
  )
  .transform((input, ctx) => {
    const { value } = input;
    const inferred = inferDataType(value) as ScoreDataType; // checked by the value schema
    if (typeof value === "number" && !Number.isFinite(value)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "must be a finite number (NaN and ±Infinity are refused)" });
      return z.NEVER;
    }
    if (typeof value === "string" && (value.trim() === "" || value.length > SCORE_CATEGORY_MAX)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: `a categorical value must be 1–${SCORE_CATEGORY_MAX} non-blank characters` });
      return z.NEVER;
    }
    // A flag sent as 1/0 with dataType "boolean" (common in SDKs and evaluators) is that flag.
    if (input.dataType === "boolean" && (value === 0 || value === 1)) return { ...input, value: value === 1, dataType: "boolean" as const };
    if (input.dataType !== undefined && input.dataType !== inferred) {
      ctx.addIssue({
        code: "custom",
        path: ["dataType"],
        message: `"${input.dataType}" does not match the value (a ${typeof value} is ${inferred})`,
      });
      return z.NEVER;
    }
    return { ...input, dataType: inferred };
  });

/** A score as the client writes it (the request body's item). */
export type ScoreInput = z.input<typeof scoreInputSchema>;

/** What a score says, whichever side of storage it is on. */
interface ScoreFields {
  id: string;
  traceId: string;
  spanId: string | null;
  name: string;
  dataType: ScoreDataType;
  value: number | boolean | string;
  comment: string | null;
}

/** A validated score with every default filled in, ready to store. */
export interface NewScore extends ScoreFields {
  source: ScoreSource;
  timestampMs: number;
}

/** A stored score as the query API and the UI read it: the latest version of each id. */
export interface ScoreView extends ScoreFields {
  source: string;
  /** The API key's public key (or a user id) that sent the latest version. */
  author: string;
  timestamp: string; // ISO 8601 UTC
  createdAt: string; // when the latest version was stored
}

export type ScoreValidation = { ok: true; score: NewScore } | { ok: false; message: string };

/**
 * Validates one score item and fills its defaults: a new id from `newId`, source "api",
 * timestamp `nowMs`. A timestamp before 2000 or more than a day after `nowMs` is refused
 * (epoch seconds are the usual cause of the former).
 */
export function validateScore(item: unknown, context: { nowMs: number; newId: () => string }): ScoreValidation {
  const parsed = scoreInputSchema.safeParse(item);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ") };
  }
  const input = parsed.data;
  const timestampMs = input.timestamp ?? context.nowMs;
  if (timestampMs < SCORE_MIN_TIMESTAMP_MS) {
    return { ok: false, message: "timestamp: must not be before 2000-01-01 (epoch seconds? send milliseconds)" };
  }
  if (timestampMs > context.nowMs + SCORE_MAX_FUTURE_MS) {
    return { ok: false, message: "timestamp: must not be more than a day in the future" };
  }
  return {
    ok: true,
    score: {
      id: input.id ?? context.newId(),
      traceId: input.traceId,
      spanId: input.spanId ?? null,
      name: input.name,
      dataType: input.dataType,
      value: input.value,
      comment: input.comment ?? null,
      source: input.source ?? "api",
      timestampMs,
    },
  };
}

/**
 * The body of `POST /api/public/scores`: one score object, or `{ "scores": [ … ] }` with at
 * most MAX_SCORES_PER_REQUEST items. Returns the items to validate one by one, or why the
 * body as a whole is unusable.
 */
export function scoreItemsOf(body: unknown): { ok: true; items: unknown[] } | { ok: false; message: string } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, message: 'The body must be a score object or { "scores": [ … ] }.' };
  }
  if (!("scores" in body)) return { ok: true, items: [body] };
  const { scores } = body as { scores: unknown };
  if (!Array.isArray(scores)) return { ok: false, message: '"scores" must be an array of score objects.' };
  if (Object.keys(body).length > 1) {
    return { ok: false, message: `A batch body has only "scores"; unexpected: ${Object.keys(body).filter((k) => k !== "scores").join(", ")}.` };
  }
  if (scores.length > MAX_SCORES_PER_REQUEST) {
    return { ok: false, message: `Too many scores: ${scores.length} (at most ${MAX_SCORES_PER_REQUEST} per request).` };
  }
  return { ok: true, items: scores };
}

/** A response of `POST /api/public/scores`. `ids` follows the order of the accepted items. */
export interface ScoreIngestResult {
  accepted: number;
  ids: string[];
  errors: { index: number; message: string }[];
}
