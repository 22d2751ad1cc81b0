import { traceIdSchema, traceListFilterSchema } from "@sightline/core";
import { InvalidCursorError } from "@sightline/clickhouse";
import { apiError } from "./json-response";
import { withApiKey } from "./with-api-key";

const LIST_PARAMS = ["from", "to", "name", "userId", "sessionId", "release", "version", "environment", "status", "limit", "cursor"];

/** GET /api/public/traces → { data, nextCursor }, newest first. */
export function listTraces(req: Request): Promise<Response> {
  return withApiKey(req, async (projectId, { clickhouse }) => {
    const params = new URL(req.url).searchParams;
    const unknown = [...params.keys()].filter((k) => !LIST_PARAMS.includes(k));
    if (unknown.length) return apiError(400, "bad_request", `Unknown query parameter(s): ${unknown.join(", ")}. Known: ${LIST_PARAMS.join(", ")}.`);
    const parsed = traceListFilterSchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
      return apiError(400, "bad_request", `Invalid query: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, issues);
    }
    try {
      return Response.json(await clickhouse.traces.list(projectId, parsed.data));
    } catch (error) {
      if (error instanceof InvalidCursorError) return apiError(400, "bad_request", error.message);
      throw error;
    }
  });
}

/** GET /api/public/traces/{traceId} → the trace with its spans and its scores (latest version of each). */
export function getTrace(req: Request, traceIdParam: string): Promise<Response> {
  return withApiKey(req, async (projectId, { clickhouse }) => {
    const traceId = traceIdSchema.safeParse(traceIdParam);
    if (!traceId.success) return apiError(400, "bad_request", `Invalid trace id "${traceIdParam.slice(0, 100)}": ${traceId.error.issues[0]?.message}`);
    const trace = await clickhouse.traces.get(projectId, traceId.data);
    if (!trace) return apiError(404, "not_found", `No trace ${traceId.data} in this project.`);
    return Response.json({ ...trace, scores: await clickhouse.scores.listByTrace(projectId, traceId.data) });
  });
}
