import { randomBytes } from "node:crypto";
import pg from "pg";

/** The Postgres server the integration tests may use, if the runner provided one. */
export const testServerUrl: string | undefined =
  process.env.SIGHTLINE_TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim() || undefined;

/**
 * Creates `sightline_test_<random>` on the server and returns its URL; `drop()` removes it
 * (forcibly: a failed test may leave connections open).
 */
export async function createThrowawayDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sightline_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`); // name is ours (hex), not input
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
