import { closeStores, getStores } from "./server/stores";

// Opens both stores before the first request (migrations, WAL replay, first-start
// bootstrap with its printed login and keys), and closes them on shutdown so the writer
// drains and the data-folder locks are released.
try {
  await getStores();
} catch (error) {
  console.error(`\nSightline could not start: ${(error as Error).message}\n`);
  process.exit(1);
}

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    if (closing) return;
    closing = true;
    void closeStores().finally(() => process.exit(0));
  });
}
