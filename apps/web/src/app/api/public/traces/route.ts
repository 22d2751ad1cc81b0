import { listTraces } from "@/features/public-api/server/traces-endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(req: Request): Promise<Response> {
  return listTraces(req);
}
