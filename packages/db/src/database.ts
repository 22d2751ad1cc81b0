import type { PrismaClient } from "./generated/prisma/client";

/** An open Postgres: the Prisma client plus what the server needs around it. */
export interface Database {
  prisma: PrismaClient;
  /** `embedded`: PGlite in this process under the data folder; `server`: `DATABASE_URL`. */
  mode: "embedded" | "server";
  /** True when a trivial query succeeds (health checks); never throws. */
  ping(): Promise<boolean>;
  /** Disconnects; for embedded, also closes PGlite and releases the data-folder lock. */
  close(): Promise<void>;
}

export async function pingPrisma(prisma: PrismaClient): Promise<boolean> {
  try {
    await prisma.$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
