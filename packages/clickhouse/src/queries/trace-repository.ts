import type { ClickHouseClient } from "@clickhouse/client";
import type { TraceDetail, TraceListFilter, TracePage } from "@sightline/core";
import { getTrace } from "./get-trace";
import { listTraces } from "./list-traces";

/** The one way to read traces. Every query is scoped to a project. */
export interface TraceRepository {
  /** Newest first; throws InvalidCursorError for a cursor this list did not produce. */
  list(projectId: string, filter: TraceListFilter): Promise<TracePage>;
  /** The trace with all its spans (ordered by start time), or null when the project has no such trace. */
  get(projectId: string, traceId: string): Promise<TraceDetail | null>;
}

export function createTraceRepository(client: ClickHouseClient): TraceRepository {
  return {
    list: (projectId, filter) => listTraces(client, projectId, filter),
    get: (projectId, traceId) => getTrace(client, projectId, traceId),
  };
}
