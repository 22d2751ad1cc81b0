import { randomUUID } from "node:crypto";
import type { ModelPrice, ModelPriceOverrideInput, PriceMatchType } from "@sightline/core";
import type { Prisma } from "@/server/db-types";

/** A project's override as the settings page lists it. */
export interface ModelPriceOverride extends ModelPrice {
  source: "project";
  createdAt: string;
  updatedAt: string;
  createdById: string | null;
  updatedById: string | null;
}

interface ModelPriceRow {
  id: string;
  matchType: string;
  pattern: string;
  inputPrice: number;
  outputPrice: number;
  cachedInputPrice: number | null;
  cacheCreationPrice: number | null;
  reasoningPrice: number | null;
  createdById: string | null;
  updatedById: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toOverride(row: ModelPriceRow): ModelPriceOverride {
  return {
    id: row.id,
    source: "project",
    model: row.pattern,
    provider: "",
    matchType: row.matchType as PriceMatchType,
    pattern: row.pattern,
    input: row.inputPrice,
    output: row.outputPrice,
    cachedInput: row.cachedInputPrice,
    cacheCreation: row.cacheCreationPrice,
    reasoning: row.reasoningPrice,
    createdById: row.createdById,
    updatedById: row.updatedById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const rates = (input: ModelPriceOverrideInput) => ({
  matchType: input.matchType,
  pattern: input.pattern,
  inputPrice: input.input,
  outputPrice: input.output,
  cachedInputPrice: input.cachedInput,
  cacheCreationPrice: input.cacheCreation,
  reasoningPrice: input.reasoning,
});

/** The project's overrides, oldest first (the order regex overrides are tried in). */
export async function listModelPriceOverrides(prisma: Prisma, projectId: string): Promise<ModelPriceOverride[]> {
  const rows = await prisma.modelPrice.findMany({ where: { projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toOverride);
}

/** Throws Prisma's P2002 when the project already has the same match type and pattern. */
export async function createModelPriceOverride(
  prisma: Prisma,
  args: { projectId: string; userId: string; price: ModelPriceOverrideInput },
): Promise<ModelPriceOverride> {
  const row = await prisma.modelPrice.create({
    data: { id: randomUUID(), projectId: args.projectId, ...rates(args.price), createdById: args.userId, updatedById: args.userId },
  });
  return toOverride(row);
}

/** Null when the id is not an override of this project (other projects' rows are never touched). */
export async function updateModelPriceOverride(
  prisma: Prisma,
  args: { projectId: string; id: string; userId: string; price: ModelPriceOverrideInput },
): Promise<ModelPriceOverride | null> {
  const { count } = await prisma.modelPrice.updateMany({
    where: { id: args.id, projectId: args.projectId },
    data: { ...rates(args.price), updatedById: args.userId },
  });
  if (count === 0) return null;
  return toOverride(await prisma.modelPrice.findUniqueOrThrow({ where: { id: args.id } }));
}

/** False when the id is not an override of this project. */
export async function deleteModelPriceOverride(prisma: Prisma, args: { projectId: string; id: string }): Promise<boolean> {
  const { count } = await prisma.modelPrice.deleteMany({ where: { id: args.id, projectId: args.projectId } });
  return count > 0;
}
