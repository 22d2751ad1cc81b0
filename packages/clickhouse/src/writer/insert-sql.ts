import { SPAN_ROW_COLUMN_LIST, SPAN_ROW_STRUCTURE } from "../row";

/**
 * INSERT of an NDJSON file of SpanRows, read by the engine itself (no row passes through
 * JS). The path is a bound parameter; the structure is fixed so nothing is inferred.
 */
export const INSERT_SPANS_FROM_FILE = `INSERT INTO spans (${SPAN_ROW_COLUMN_LIST})
SELECT ${SPAN_ROW_COLUMN_LIST}
FROM file({path:String}, 'JSONEachRow', {structure:String})
SETTINGS input_format_json_read_objects_as_strings = 1, input_format_json_read_arrays_as_strings = 1`;

export const insertFromFileParams = (path: string) => ({ path, structure: SPAN_ROW_STRUCTURE });

/** The same rows sent as the request body (server mode); settings travel with the request. */
export const INSERT_SPANS_JSON_EACH_ROW = `INSERT INTO spans (${SPAN_ROW_COLUMN_LIST}) FORMAT JSONEachRow`;
