import type { Migration } from "./types";

// Parts replaced by a merge are deleted by a cleanup that ran every 30–40 s, all at once.
// Deleting hundreds of part directories holds the table directory's lock (and, on a disk
// mounted with `discard`, waits for the device), so the INSERTs renaming their new parts into
// that directory stalled for 300–500 ms each time (kernel stacks under `perf`). Cleaning up
// every 1–2 s deletes a few parts at a time instead.
export const migration0007: Migration = {
  version: 7,
  name: "steady_cleanup",
  statements: [
    `ALTER TABLE spans{{ON_CLUSTER}} MODIFY SETTING cleanup_delay_period = 1, cleanup_delay_period_random_add = 1`,
    `ALTER TABLE traces{{ON_CLUSTER}} MODIFY SETTING cleanup_delay_period = 1, cleanup_delay_period_random_add = 1`,
  ],
};
