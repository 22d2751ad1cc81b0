import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { clearApiKeyCache } from "@/features/public-api/server/api-key-auth";
import { projectAdminProcedure, projectProcedure, router } from "@/server/trpc";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys";

export const apiKeysRouter = router({
  /** Every member may see the project's keys (public key and secret preview only). */
  list: projectProcedure.query(({ ctx }) => listApiKeys(ctx.stores.db.prisma, ctx.project.id)),

  /** Owner/admin only. The secret is in this response and nowhere else, ever. */
  create: projectAdminProcedure
    .input(z.object({ name: z.string().trim().min(1, "Give the key a name").max(100) }))
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.stores.db.prisma, { projectId: ctx.project.id, name: input.name, createdById: ctx.user.id }),
    ),

  /** Owner/admin only. Ingest on other processes stops accepting the key within 30 s. */
  revoke: projectAdminProcedure
    .input(z.object({ keyId: z.string().min(1).max(100) }))
    .mutation(async ({ ctx, input }) => {
      const revoked = await revokeApiKey(ctx.stores.db.prisma, { projectId: ctx.project.id, keyId: input.keyId });
      if (!revoked) throw new TRPCError({ code: "NOT_FOUND", message: "No such API key in this project." });
      clearApiKeyCache(); // this process stops accepting it now; other processes within the cache TTL
      return { ok: true as const };
    }),
});
