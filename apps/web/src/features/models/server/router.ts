import { TRPCError } from "@trpc/server";
import { BUILTIN_MODEL_PRICES, createPriceMatcher, modelPriceOverrideSchema, normalizeModelName } from "@sightline/core";
import { Prisma as PrismaNamespace } from "@sightline/db";
import { z } from "zod";
import { projectAdminProcedure, projectProcedure, router } from "@/server/trpc";
import {
  createModelPriceOverride,
  deleteModelPriceOverride,
  listModelPriceOverrides,
  updateModelPriceOverride,
} from "./model-prices";
import { invalidateProjectPrices } from "./price-cache";

const ADMIN_ROLES = new Set(["owner", "admin"]);
const overrideId = z.string().min(1).max(100);

/** A duplicate (match type, pattern) in the project is a conflict the form can explain. */
async function unlessDuplicate<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof PrismaNamespace.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new TRPCError({ code: "CONFLICT", message: "This project already has a price for that pattern; edit it instead." });
    }
    throw error;
  }
}

export const modelsRouter = router({
  /** Every member may read the prices: the built-in table and the project's overrides. */
  list: projectProcedure.query(async ({ ctx }) => ({
    builtin: BUILTIN_MODEL_PRICES,
    overrides: await listModelPriceOverrides(ctx.stores.db.prisma, ctx.project.id),
    canEdit: ADMIN_ROLES.has(ctx.role),
  })),

  /** Which price a model name gets in this project (what ingest would use), or null. */
  match: projectProcedure.input(z.object({ model: z.string().trim().min(1, "Enter a model name").max(1024) })).query(async ({ ctx, input }) => {
    const overrides = await listModelPriceOverrides(ctx.stores.db.prisma, ctx.project.id);
    return { model: input.model, normalized: normalizeModelName(input.model), price: createPriceMatcher(overrides).match(input.model) };
  }),

  /** Owner/admin only. Ingest in this process uses the new price at once, others within 30 s. */
  create: projectAdminProcedure.input(modelPriceOverrideSchema).mutation(async ({ ctx, input }) => {
    const { projectId: _projectId, ...price } = input;
    const created = await unlessDuplicate(
      createModelPriceOverride(ctx.stores.db.prisma, { projectId: ctx.project.id, userId: ctx.user.id, price }),
    );
    invalidateProjectPrices(ctx.project.id);
    return created;
  }),

  update: projectAdminProcedure
    .input(modelPriceOverrideSchema.and(z.object({ id: overrideId })))
    .mutation(async ({ ctx, input }) => {
      const { projectId: _projectId, id, ...price } = input;
      const updated = await unlessDuplicate(
        updateModelPriceOverride(ctx.stores.db.prisma, { projectId: ctx.project.id, id, userId: ctx.user.id, price }),
      );
      if (!updated) throw new TRPCError({ code: "NOT_FOUND", message: "No such price override in this project." });
      invalidateProjectPrices(ctx.project.id);
      return updated;
    }),

  delete: projectAdminProcedure.input(z.object({ id: overrideId })).mutation(async ({ ctx, input }) => {
    const deleted = await deleteModelPriceOverride(ctx.stores.db.prisma, { projectId: ctx.project.id, id: input.id });
    if (!deleted) throw new TRPCError({ code: "NOT_FOUND", message: "No such price override in this project." });
    invalidateProjectPrices(ctx.project.id);
    return { ok: true as const };
  }),
});
