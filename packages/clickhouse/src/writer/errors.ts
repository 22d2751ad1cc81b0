/** The writer's backlog is full: the caller should answer 503 with `Retry-After: retryAfterSeconds`. */
export class WriterBusyError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, detail: string) {
    super(`ClickHouse writer is busy (${detail}); retry after ${retryAfterSeconds}s`);
    this.name = "WriterBusyError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** write() after close() started. */
export class WriterClosedError extends Error {
  constructor() {
    super("ClickHouse writer is closed");
    this.name = "WriterClosedError";
  }
}

/**
 * ClickHouse could not be reached (server mode): the batch stays spooled in the write-ahead
 * log and is inserted once the server answers again. Not acknowledged: its clients retry too.
 */
export class StorageUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`ClickHouse is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "StorageUnavailableError";
  }
}
