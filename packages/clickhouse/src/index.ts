export { clickHouseConfigFromEnv, validateClusterName, type ClickHouseConfig } from "./config";
export { openClickHouse, insertNdjsonFile, type ClickHouseStore } from "./store";
export type { ClickHouseMode } from "./connect";
export { spanToRow, formatDateTime64, SPAN_ROW_COLUMNS, SPAN_ROW_STRUCTURE, type SpanRow } from "./row";
export { WriterBusyError, WriterClosedError } from "./writer/errors";
export { DEFAULT_WRITER_OPTIONS, type SpanWriter, type WriterOptions, type WriterStats } from "./writer/span-writer";
export type { TraceRepository } from "./queries/trace-repository";
export { InvalidCursorError } from "./queries/cursor";
export { MIGRATIONS, migrationChecksum, renderStatement, type DdlTarget, type Migration } from "./migrations";
