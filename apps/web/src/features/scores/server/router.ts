import { traceIdSchema } from "@sightline/core";
import { z } from "zod";
import { projectProcedure, router } from "@/server/trpc";

/**
 * Scores of one project, for any member: `projectProcedure` checks the membership of
 * `input.projectId`, and the store is queried with the checked `ctx.project.id`.
 */
export const scoresRouter = router({
  /** Every score of the trace (trace- and span-level), the latest version of each id, by timestamp. */
  byTrace: projectProcedure
    .input(z.object({ traceId: traceIdSchema }))
    .query(({ ctx, input }) => ctx.stores.clickhouse.scores.listByTrace(ctx.project.id, input.traceId)),
});
