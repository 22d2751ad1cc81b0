import { InvalidCursorError } from "@sightline/clickhouse";
import { traceIdSchema, traceListFilterSchema } from "@sightline/core";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { projectProcedure, router } from "@/server/trpc";

/**
 * Traces of one project. `projectProcedure` checks the caller's membership of
 * `input.projectId`; the stores are then queried with `ctx.project.id` (the checked id),
 * never with a raw input value.
 */
export const tracesRouter = router({
  /** One page of the trace list, newest first; `cursor` is the previous page's nextCursor. */
  list: projectProcedure.input(traceListFilterSchema).query(async ({ ctx, input }) => {
    const { projectId: _checkedAbove, ...filter } = input;
    try {
      return await ctx.stores.clickhouse.traces.list(ctx.project.id, filter);
    } catch (error) {
      // A cursor this list did not produce is the caller's mistake, not a server fault.
      if (error instanceof InvalidCursorError) {
        throw new TRPCError({ code: "BAD_REQUEST", message: error.message, cause: error });
      }
      throw error;
    }
  }),

  /** A whole trace with all its spans; NOT_FOUND when the project has no such trace. */
  byId: projectProcedure.input(z.object({ traceId: traceIdSchema })).query(async ({ ctx, input }) => {
    const trace = await ctx.stores.clickhouse.traces.get(ctx.project.id, input.traceId);
    if (!trace) throw new TRPCError({ code: "NOT_FOUND", message: `No trace ${input.traceId} in this project.` });
    return trace;
  }),
});
