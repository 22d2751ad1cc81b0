import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Prisma } from "@/server/db-types";
import { startAppServer, type AppServer } from "./app-server";
import { send } from "./http";
import { firstProjectKey, type ProjectKey } from "./projects";

export interface IngestEnvironment {
  server: AppServer;
  /** The OTLP port (otlp-listener.ts, on a free port) of the same process. */
  otlpUrl: string;
  prisma: Prisma;
  /** A key of the first-start project. */
  key: ProjectKey;
  /** GET a public query API path with a key; the parsed JSON and status. */
  query(path: string, key?: ProjectKey): Promise<{ status: number; json: any }>;
  stop(): Promise<void>;
}

/**
 * One app server on fresh embedded engines (chdb + PGlite in a temp folder) for a test
 * file. Must run before anything imports the stores: it sets the environment they read.
 */
export async function startIngestEnvironment(options: { maxBodyBytes: number }): Promise<IngestEnvironment> {
  const dataDir = mkdtempSync(join(tmpdir(), "sl-web-ingest-http-"));
  Object.assign(process.env, {
    SIGHTLINE_DATA_DIR: dataDir,
    SIGHTLINE_INIT_ADMIN_EMAIL: "admin@ingest-http.test",
    SIGHTLINE_INIT_ADMIN_PASSWORD: "ingest-http-test-password",
    SIGHTLINE_MAX_BODY_BYTES: String(options.maxBodyBytes),
  });
  delete process.env.DATABASE_URL;
  delete process.env.CLICKHOUSE_URL;
  const server = await startAppServer();
  const { getStores, closeStores } = await import("@/server/stores");
  const { startOtlpListener } = await import("@/features/ingest/server/otlp-listener");
  const otlp = await startOtlpListener({ port: 0, host: "127.0.0.1" });
  const { prisma } = (await getStores()).db;
  const key = await firstProjectKey(prisma);
  const query = async (path: string, as: ProjectKey = key) => {
    const res = await send(server.url, path, { headers: { authorization: as.basic } });
    return { status: res.status, json: JSON.parse(res.body.toString("utf8")) };
  };
  return {
    server,
    otlpUrl: `http://127.0.0.1:${otlp.port}`,
    prisma,
    key,
    query,
    async stop() {
      await Promise.all([server.close(), otlp.close()]);
      await closeStores();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
