import { randomUUID } from "node:crypto";
import { scoreItemsOf, validateScore, type NewScore, type ScoreIngestResult } from "@sightline/core";
import { BodyError, readBody, webRequestSource } from "@/features/ingest/server/read-body";
import { authenticateApiKey } from "@/features/public-api/server/api-key-auth";
import { getStores } from "@/server/stores";

/** Body cap (before and after gzip/deflate): a full batch of 1000 scores with long comments fits. */
export const SCORES_MAX_BODY_BYTES = 8 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Error bodies of this endpoint: `{ "error": "<reason>" }`. */
function fail(status: number, reason: string, headers?: Record<string, string>): Response {
  return Response.json({ error: reason }, { status, headers });
}

const isJson = (contentType: string | null) => /^application\/json\s*(;|$)/i.test((contentType ?? "").trim());

/**
 * `POST /api/public/scores`: one score or `{ scores: [...] }` for the project of the API key.
 * Content type (415), key (401), size (413), JSON and shape (400); then every item is
 * validated on its own: valid items are stored (the 200 goes out once they are in
 * ClickHouse) and invalid ones come back in `errors` with their index and reason.
 */
export async function postScores(req: Request): Promise<Response> {
  if (!isJson(req.headers.get("content-type"))) {
    return fail(415, `Unsupported Content-Type "${(req.headers.get("content-type") ?? "").slice(0, 100)}": send application/json.`);
  }
  // Which step failed decides the status of an unexpected error: storage is retryable (503), the rest is our bug (500).
  let step: "storage" | "processing" = "storage";
  try {
    const { db, clickhouse } = await getStores();
    const auth = await authenticateApiKey(db.prisma, req.headers.get("authorization"));
    step = "processing";
    if (!auth.ok) return fail(401, auth.reason, { "www-authenticate": 'Basic realm="sightline"' });

    const body = await readBody(webRequestSource(req), SCORES_MAX_BODY_BYTES);
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(body));
    } catch (error) {
      return fail(400, `The body is not valid JSON: ${(error as Error).message}`);
    }
    const batch = scoreItemsOf(json);
    if (!batch.ok) return fail(400, batch.message);

    const nowMs = Date.now();
    const result: ScoreIngestResult = { accepted: 0, ids: [], errors: [] };
    const valid: NewScore[] = [];
    batch.items.forEach((item, index) => {
      const checked = validateScore(item, { nowMs, newId: randomUUID });
      if (checked.ok) valid.push(checked.score);
      else result.errors.push({ index, message: checked.message });
    });
    step = "storage";
    await clickhouse.scores.insert(auth.projectId, auth.publicKey, valid);
    result.accepted = valid.length;
    result.ids = valid.map((score) => score.id);
    return Response.json(result);
  } catch (error) {
    if (error instanceof BodyError) return fail(error.status, error.message);
    const requestId = randomUUID();
    console.error(`[scores] request ${requestId} failed at ${step}:`, error);
    if (step === "storage") return fail(503, `Storage is unavailable (request ${requestId}); retry later.`, { "retry-after": "5" });
    return fail(500, `Internal error (request ${requestId}).`);
  }
}
