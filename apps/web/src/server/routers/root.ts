import { apiKeysRouter } from "@/features/api-keys/server/router";
import { modelsRouter } from "@/features/models/server/router";
import { scoresRouter } from "@/features/scores/server/router";
import { tracesRouter } from "@/features/traces/server/router";
import { createCallerFactory, router } from "../trpc";

/** The app's tRPC API: one sub-router per feature. */
export const appRouter = router({
  traces: tracesRouter,
  apiKeys: apiKeysRouter,
  models: modelsRouter,
  scores: scoresRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
