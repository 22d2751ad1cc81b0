import { randomUUID } from "node:crypto";
import {
  decodeTraceRequest,
  describeRejections,
  encodeTraceResponse,
  mapTraceRequest,
  OtlpDecodeError,
  type OtlpFormat,
} from "@sightline/core";
import { WriterBusyError } from "@sightline/clickhouse";
import { authenticateApiKey } from "@/features/public-api/server/api-key-auth";
import { getStores } from "@/server/stores";
import { otlpFormatOf, RPC, statusResponse } from "./otlp-format";
import { BodyError, maxBodyBytes, readBody } from "./read-body";

type Signal = "traces" | "metrics" | "logs";

/**
 * One OTLP/HTTP endpoint: content type (415), authentication (401), size before and after
 * decompression (413), decoding (400). Traces are mapped and written; the 200 goes out
 * only once they are in ClickHouse. Metrics and logs are accepted and not stored (yet), so
 * exporters that send all three signals see no errors.
 */
export async function handleOtlp(req: Request, signal: Signal): Promise<Response> {
  const format = otlpFormatOf(req.headers.get("content-type"));
  if (!format) {
    return statusResponse(
      "json",
      415,
      RPC.INVALID_ARGUMENT,
      `Unsupported Content-Type "${req.headers.get("content-type") ?? ""}": send application/x-protobuf or application/json.`,
    );
  }
  // Which step failed decides the status of an unexpected error: a storage failure is
  // retryable (503), anything else is a bug of ours (500); both are logged with an id.
  let step: "storage" | "processing" = "storage";
  try {
    const { db, clickhouse } = await getStores();
    const auth = await authenticateApiKey(db.prisma, req.headers.get("authorization"));
    step = "processing";
    if (!auth.ok) return statusResponse(format, 401, RPC.UNAUTHENTICATED, auth.reason, { "www-authenticate": 'Basic realm="sightline"' });

    const body = await readBody(req, maxBodyBytes());
    if (signal !== "traces") return success(format);

    const request = decodeTraceRequest(body, format);
    const mapped = mapTraceRequest(request, { projectId: auth.projectId });
    step = "storage";
    if (mapped.spans.length) await clickhouse.writer.write(mapped.spans);
    step = "processing";

    if (mapped.rejected.count > 0) {
      return success(format, { rejectedSpans: mapped.rejected.count, errorMessage: describeRejections(mapped.rejected) });
    }
    if (mapped.warnings.length > 0) {
      // rejectedSpans = 0 with a message is OTLP's warning channel.
      return success(format, { rejectedSpans: 0, errorMessage: mapped.warnings.join("; ").slice(0, 4000) });
    }
    return success(format);
  } catch (error) {
    if (error instanceof BodyError) return statusResponse(format, error.status, RPC.INVALID_ARGUMENT, error.message);
    if (error instanceof OtlpDecodeError) return statusResponse(format, 400, RPC.INVALID_ARGUMENT, `Cannot decode the OTLP ${format} body: ${error.message}`);
    if (error instanceof WriterBusyError) {
      return statusResponse(format, 503, RPC.UNAVAILABLE, "Ingest is busy; retry later.", { "retry-after": String(error.retryAfterSeconds) });
    }
    const requestId = randomUUID();
    console.error(`[ingest] request ${requestId} failed at ${step}:`, error);
    if (step === "storage") {
      return statusResponse(format, 503, RPC.UNAVAILABLE, `Storage is unavailable (request ${requestId}); retry later.`, { "retry-after": "5" });
    }
    return statusResponse(format, 500, RPC.INTERNAL, `Internal error (request ${requestId}).`);
  }
}

function success(format: OtlpFormat, partial?: { rejectedSpans: number; errorMessage: string }): Response {
  const encoded = encodeTraceResponse(format, partial);
  return new Response(encoded.body as BodyInit, { status: 200, headers: { "content-type": encoded.contentType } });
}
