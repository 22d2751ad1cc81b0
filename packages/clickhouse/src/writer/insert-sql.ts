import { SPAN_ROW_COLUMN_LIST, SPAN_ROW_STRUCTURE } from "../row";

/** How a file of SpanRows is encoded: RowBinary (the writer's WAL) or NDJSON (dataset loads, older WAL files). */
export type RowFormat = "RowBinary" | "JSONEachRow";

const JSON_SETTINGS = "SETTINGS input_format_json_read_objects_as_strings = 1, input_format_json_read_arrays_as_strings = 1";

/**
 * INSERT of a file of SpanRows, read by the engine itself (no row passes through JS). The
 * path is a bound parameter; the structure is fixed so nothing is inferred.
 */
export const INSERT_SPANS_FROM_FILE: Record<RowFormat, string> = {
  RowBinary: `INSERT INTO spans (${SPAN_ROW_COLUMN_LIST})
SELECT ${SPAN_ROW_COLUMN_LIST}
FROM file({path:String}, 'RowBinary', {structure:String})`,
  JSONEachRow: `INSERT INTO spans (${SPAN_ROW_COLUMN_LIST})
SELECT ${SPAN_ROW_COLUMN_LIST}
FROM file({path:String}, 'JSONEachRow', {structure:String})
${JSON_SETTINGS}`,
};

export const insertFromFileParams = (path: string) => ({ path, structure: SPAN_ROW_STRUCTURE });

/** The same rows sent as the request body (server mode); JSON settings travel with the request. */
export const INSERT_SPANS_FORMAT: Record<RowFormat, string> = {
  RowBinary: `INSERT INTO spans (${SPAN_ROW_COLUMN_LIST}) FORMAT RowBinary`,
  JSONEachRow: `INSERT INTO spans (${SPAN_ROW_COLUMN_LIST}) FORMAT JSONEachRow`,
};
