import { handleOtlp } from "@/features/ingest/server/handle-otlp";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The standard OTLP path; the same handler as /api/public/otel/v1/metrics. */
export function POST(req: Request): Promise<Response> {
  return handleOtlp(req, "metrics");
}
