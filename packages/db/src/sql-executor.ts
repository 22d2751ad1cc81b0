/**
 * One database connection, as the migration runner needs it. Both calls run on the same
 * session, so `BEGIN` / `COMMIT` and advisory locks issued through it hold across calls.
 */
export interface SqlExecutor {
  /** One statement with `$1…` parameters; returns its rows. */
  query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** A script of several statements, without parameters (a migration file). */
  exec(script: string): Promise<void>;
}
