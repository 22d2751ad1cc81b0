import { SPAN_ROW_COLUMN_LIST, SPAN_ROW_COLUMNS_V1, SPAN_ROW_STRUCTURE } from "../row";

/**
 * How a file of SpanRows is encoded: RowBinary (the writer's WAL), RowBinaryV1 (WAL files of
 * versions before migration 0008, without its columns) or NDJSON (dataset loads, older WAL files).
 */
export type RowFormat = "RowBinary" | "RowBinaryV1" | "JSONEachRow";

const JSON_SETTINGS = "SETTINGS input_format_json_read_objects_as_strings = 1, input_format_json_read_arrays_as_strings = 1";

const ALL = SPAN_ROW_COLUMN_LIST;
const V1 = SPAN_ROW_COLUMNS_V1.map(([name]) => name).join(", ");
const V1_STRUCTURE = SPAN_ROW_COLUMNS_V1.map(([name, type]) => `${name} ${type}`).join(", ");

/**
 * INSERT of a file of SpanRows, read by the engine itself (no row passes through JS). The
 * path is a bound parameter; the structure is fixed so nothing is inferred. Columns a file
 * lacks (older layouts; keys missing from NDJSON) take their DEFAULT.
 */
export const INSERT_SPANS_FROM_FILE: Record<RowFormat, string> = {
  RowBinary: `INSERT INTO spans (${ALL})
SELECT ${ALL}
FROM file({path:String}, 'RowBinary', {structure:String})`,
  RowBinaryV1: `INSERT INTO spans (${V1})
SELECT ${V1}
FROM file({path:String}, 'RowBinary', {structure:String})`,
  JSONEachRow: `INSERT INTO spans (${ALL})
SELECT ${ALL}
FROM file({path:String}, 'JSONEachRow', {structure:String})
${JSON_SETTINGS}`,
};

export const insertFromFileParams = (path: string, format: RowFormat) => ({ path, structure: format === "RowBinaryV1" ? V1_STRUCTURE : SPAN_ROW_STRUCTURE });

/** The same rows sent as the request body (server mode); JSON settings travel with the request. */
export const INSERT_SPANS_FORMAT: Record<RowFormat, string> = {
  RowBinary: `INSERT INTO spans (${ALL}) FORMAT RowBinary`,
  RowBinaryV1: `INSERT INTO spans (${V1}) FORMAT RowBinary`,
  JSONEachRow: `INSERT INTO spans (${ALL}) FORMAT JSONEachRow`,
};
