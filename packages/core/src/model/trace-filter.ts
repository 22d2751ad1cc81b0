import { z } from "zod";

/** Status filter on the trace list: traces with at least one error span, or none. */
export const TRACE_STATUS_FILTERS = ["ok", "error"] as const;

const optionalText = z.string().trim().min(1).max(500).optional();

/**
 * The trace list filter: shared by the public query API, the tRPC router and the
 * ClickHouse query layer. Times are ISO 8601 strings or epoch milliseconds.
 */
export const traceListFilterSchema = z
  .object({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    name: optionalText,
    userId: optionalText,
    sessionId: optionalText,
    release: optionalText,
    version: optionalText,
    environment: optionalText,
    status: z.enum(TRACE_STATUS_FILTERS).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** Opaque cursor returned as nextCursor by the previous page. */
    cursor: z.string().max(200).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "`from` must not be after `to`", path: ["from"] });

export type TraceListFilter = z.infer<typeof traceListFilterSchema>;

/** Trace ids are 32 lowercase hex chars (W3C / OTLP). */
export const traceIdSchema = z.string().regex(/^[0-9a-f]{32}$/, "trace id must be 32 lowercase hex characters");
