import type { ClickHouseClient } from "@clickhouse/client";
import type { NewScore, ScoreDataType, ScoreView } from "@sightline/core";
import { formatDateTime64 } from "../row";
import { READ_SETTINGS, emptyToNull, isoFromMicros } from "./convert";

/** The one way to write and read scores. Every query is scoped to a project. */
export interface ScoreRepository {
  /**
   * Appends the scores in one INSERT and resolves once they are stored. Within the batch the
   * last score of each (trace, id) wins, as a later request would.
   */
  insert(projectId: string, author: string, scores: readonly NewScore[]): Promise<void>;
  /** The trace's scores (trace- and span-level), the latest version of each id, by timestamp. */
  listByTrace(projectId: string, traceId: string): Promise<ScoreView[]>;
}

/** One line of the `scores` table in JSONEachRow (created_at is left to its DEFAULT). */
export interface ScoreRow {
  project_id: string;
  id: string;
  trace_id: string;
  span_id: string;
  name: string;
  data_type: ScoreDataType;
  /** numeric: the value; boolean: 1 or 0; categorical: 0. */
  value: number;
  /** categorical: the label; otherwise "". */
  string_value: string;
  comment: string;
  source: string;
  author: string;
  timestamp: string;
}

export function scoreToRow(projectId: string, author: string, score: NewScore): ScoreRow {
  const { value } = score;
  return {
    project_id: projectId,
    id: score.id,
    trace_id: score.traceId,
    span_id: score.spanId ?? "",
    name: score.name,
    data_type: score.dataType,
    value: typeof value === "number" ? value : typeof value === "boolean" ? Number(value) : 0,
    string_value: typeof value === "string" ? value : "",
    comment: score.comment ?? "",
    source: score.source,
    author,
    timestamp: formatDateTime64(score.timestampMs * 1000),
  };
}

interface ScoreRowOut {
  id: string;
  trace_id: string;
  span_id: string;
  name: string;
  data_type: string;
  value: number;
  string_value: string;
  comment: string;
  source: string;
  author: string;
  timestamp_us: string;
  created_us: string;
}

function toScoreView(row: ScoreRowOut): ScoreView {
  const dataType = row.data_type as ScoreDataType;
  const value = Number(row.value);
  return {
    id: row.id,
    traceId: row.trace_id,
    spanId: emptyToNull(row.span_id),
    name: row.name,
    dataType,
    value: dataType === "categorical" ? row.string_value : dataType === "boolean" ? value !== 0 : value,
    comment: emptyToNull(row.comment),
    source: row.source,
    author: row.author,
    timestamp: isoFromMicros(row.timestamp_us),
    createdAt: isoFromMicros(row.created_us),
  };
}

export function createScoreRepository(clients: { writer: ClickHouseClient; reader: ClickHouseClient }): ScoreRepository {
  return {
    async insert(projectId, author, scores) {
      const latest = new Map<string, NewScore>();
      for (const score of scores) {
        latest.set(`${score.traceId}/${score.id}`, score);
      }
      if (latest.size === 0) return;
      await clients.writer.insert({
        table: "scores",
        values: [...latest.values()].map((score) => scoreToRow(projectId, author, score)),
        format: "JSONEachRow",
        // Acknowledged means stored: never let a server profile turn this into a buffered async insert.
        clickhouse_settings: { async_insert: 0 },
      });
    },

    async listByTrace(projectId, traceId) {
      // Latest version per id without FINAL: newest first, then LIMIT 1 BY id.
      const result = await clients.reader.query({
        query: `SELECT * FROM (
    SELECT id, trace_id, span_id, name, data_type, value, string_value, comment, source, author,
        toUnixTimestamp64Micro(timestamp) AS timestamp_us,
        toUnixTimestamp64Micro(created_at) AS created_us
    FROM scores
    WHERE project_id = {projectId:String} AND trace_id = {traceId:String}
    ORDER BY created_at DESC
    LIMIT 1 BY id
)
ORDER BY timestamp_us, id`,
        query_params: { projectId, traceId },
        format: "JSONEachRow",
        clickhouse_settings: READ_SETTINGS,
      });
      return (await result.json<ScoreRowOut>()).map(toScoreView);
    },
  };
}
