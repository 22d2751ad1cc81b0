import { postScores } from "@/features/scores/server/post-scores";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Scores and flags from applications (see docs/scores-api.md). */
export function POST(req: Request): Promise<Response> {
  return postScores(req);
}
