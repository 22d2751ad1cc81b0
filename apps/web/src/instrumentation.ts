/**
 * Runs once when the server starts: opens both stores (migrations, WAL replay, first-start
 * bootstrap with its printed login and keys) before the first request, and closes them on
 * shutdown so the writer drains and the data-folder locks are released.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getStores, closeStores } = await import("./server/stores");
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
}
