import { handleOtlp } from "@/features/ingest/server/handle-otlp";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** OTLP/HTTP logs (also served at /v1/logs). */
export function POST(req: Request): Promise<Response> {
  return handleOtlp(req, "logs");
}
