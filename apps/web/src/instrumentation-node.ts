import { otlpPortFromEnv, startOtlpListener, type OtlpListener } from "./features/ingest/server/otlp-listener";
import { closeStores, getStores } from "./server/stores";

// Opens both stores before the first request (migrations, WAL replay, first-start
// bootstrap with its printed login and keys), and closes them on shutdown so the writer
// drains and the data-folder locks are released.
let otlpPort: number | null;
try {
  otlpPort = otlpPortFromEnv();
  await getStores();
} catch (error) {
  console.error(`\nSightline could not start: ${(error as Error).message}\n`);
  process.exit(1);
}

// OTLP/HTTP on its own port as well (4318 by default). Taken already (a second instance,
// a collector) is not fatal: the app's own port serves the same endpoints at /v1/*.
let otlp: OtlpListener | null = null;
if (otlpPort !== null) {
  try {
    otlp = await startOtlpListener({ port: otlpPort, host: process.env.SIGHTLINE_OTLP_HOST || undefined });
    console.log(`OTLP/HTTP also listens on port ${otlp.port}: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:${otlp.port} (same keys and headers as the app port)`);
  } catch (error) {
    console.warn(`OTLP port ${otlpPort} is not available (${(error as Error).message}); OTLP/HTTP stays on the app's port at /v1/traces. Set SIGHTLINE_OTLP_PORT to another port or "off".`);
  }
}

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    void (otlp?.close() ?? Promise.resolve())
      .then(() => closeStores())
      .finally(() => process.exit(0));
  });
}
