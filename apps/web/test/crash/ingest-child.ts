/**
 * The app's public routes on real embedded engines, as a separate process a test can
 * `kill -9`: it reads SIGHTLINE_DATA_DIR and the first-start variables from its
 * environment and prints one line `{"url": …}` once it listens. SIGTERM closes it cleanly
 * (writer drained, data-folder locks released).
 */
import { startAppServer } from "../bad-input/app-server";

const server = await startAppServer();
const { getStores, closeStores } = await import("@/server/stores");
await getStores(); // migrations, WAL replay and first-start bootstrap before the first request
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

process.once("SIGTERM", () => {
  void server
    .close()
    .then(() => closeStores())
    .finally(() => process.exit(0));
});
