import type { Database } from "@sightline/db";

/** The Prisma client our Database wrapper holds (typed from the generated client). */
export type Prisma = Database["prisma"];
