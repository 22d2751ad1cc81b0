import { getTrace } from "@/features/public-api/server/traces-endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request, ctx: { params: Promise<{ traceId: string }> }): Promise<Response> {
  return getTrace(req, (await ctx.params).traceId);
}
