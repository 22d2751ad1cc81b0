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
