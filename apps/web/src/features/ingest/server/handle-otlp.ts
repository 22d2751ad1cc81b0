import { randomUUID } from "node:crypto";
import {
  checkExportEnvelope,
  encodeTraceResponse,
  OtlpDecodeError,
  type OtlpFormat,
  type OtlpSignal,
} from "@sightline/core";
import { StorageUnavailableError, WriterBusyError } from "@sightline/clickhouse";
import { authenticateApiKey } from "@/features/public-api/server/api-key-auth";
import { projectPrices } from "@/features/models/server/price-cache";
import { getStores } from "@/server/stores";
import { acceptsGzip, otlpFormatOf, otlpResponse, RPC, statusResponse, toWebResponse, type OtlpReply, type ReplyOptions } from "./otlp-format";
import { BodyError, maxBodyBytes, readBody, webRequestSource, type RequestSource } from "./read-body";
import { traceProcessor } from "./traces/trace-pool";

/** Partial-success messages are cut here: they are for people, and clients log them. */
const MAX_MESSAGE_CHARS = 4000;

/**
 * One OTLP/HTTP endpoint: content type (415), authentication (401), size before and after
 * decompression (413), content encoding (415), decoding (400). Traces are mapped and
 * written; the 200 goes out only once they are in ClickHouse. Metrics and logs are
 * checked (auth, size, a well-formed envelope) and answered with an empty success: they
 * are not stored, so exporters that send all three signals see no errors.
 */
export async function handleOtlp(req: Request, signal: OtlpSignal): Promise<Response> {
  return toWebResponse(await serveOtlp(webRequestSource(req), signal));
}

/** The same endpoint for any transport: Next's route handlers and the OTLP port (otlp-listener.ts). */
export async function serveOtlp(req: RequestSource, signal: OtlpSignal): Promise<OtlpReply> {
  const reply: ReplyOptions = { gzip: acceptsGzip(req.header("accept-encoding")) };
  const format = otlpFormatOf(req.header("content-type"));
  if (!format) {
    const message = `Unsupported Content-Type "${(req.header("content-type") ?? "").slice(0, 100)}": send application/x-protobuf or application/json.`;
    return statusResponse("json", 415, { code: RPC.INVALID_ARGUMENT, message }, reply);
  }
  // Which step failed decides the status of an unexpected error: a storage failure is
  // retryable (503), anything else is a bug of ours (500); both are logged with an id.
  let step: "storage" | "processing" = "storage";
  try {
    const { db, clickhouse } = await getStores();
    const auth = await authenticateApiKey(db.prisma, req.header("authorization"));
    step = "processing";
    if (!auth.ok) {
      return statusResponse(format, 401, { code: RPC.UNAUTHENTICATED, message: auth.reason }, {
        ...reply,
        headers: { "www-authenticate": 'Basic realm="sightline"' },
      });
    }

    const body = await readBody(req, maxBodyBytes());
    if (signal !== "traces") {
      checkExportEnvelope(signal, body, format);
      return success(format, reply);
    }

    // Decode, map, price and encode: off the main thread (see trace-pool.ts).
    const prices = await projectPrices(auth.projectId);
    const { encoded, rejectedSpans, rejections, warnings } = await traceProcessor().process(body, format, auth.projectId, prices);
    step = "storage";
    if (encoded.rowEnds.length) await clickhouse.writer.writeEncoded(encoded);
    step = "processing";

    if (rejectedSpans > 0) {
      const errorMessage = warnings.length ? `${rejections}. Warnings: ${warnings.join("; ")}` : rejections;
      return success(format, reply, { rejectedSpans, errorMessage });
    }
    // rejectedSpans = 0 with a message is OTLP's warning channel (truncations, duplicates, dropped parts).
    if (warnings.length > 0) return success(format, reply, { rejectedSpans: 0, errorMessage: warnings.join("; ") });
    return success(format, reply);
  } catch (error) {
    return failure(error, format, reply, step);
  }
}

function failure(error: unknown, format: OtlpFormat, reply: ReplyOptions, step: "storage" | "processing"): OtlpReply {
  if (error instanceof BodyError) {
    const code = error.status === 413 ? RPC.RESOURCE_EXHAUSTED : RPC.INVALID_ARGUMENT;
    const fieldViolations = error.status === 400 ? [{ field: "body", description: error.message }] : undefined;
    return statusResponse(format, error.status, { code, message: error.message, fieldViolations }, reply);
  }
  if (error instanceof OtlpDecodeError) {
    const message = `Cannot decode the OTLP ${format} body: ${error.message}`;
    return statusResponse(format, 400, { code: RPC.INVALID_ARGUMENT, message, fieldViolations: [{ field: error.field ?? "body", description: error.message }] }, reply);
  }
  if (error instanceof WriterBusyError) {
    const headers = { "retry-after": String(error.retryAfterSeconds) };
    return statusResponse(format, 503, { code: RPC.UNAVAILABLE, message: "Ingest is busy; retry later." }, { ...reply, headers });
  }
  // Expected during a ClickHouse outage (the writer logs it once and spools): not a bug to log per request.
  if (error instanceof StorageUnavailableError) {
    const headers = { "retry-after": "1" };
    return statusResponse(format, 503, { code: RPC.UNAVAILABLE, message: "ClickHouse is unreachable; retry later." }, { ...reply, headers });
  }
  const requestId = randomUUID();
  console.error(`[ingest] request ${requestId} failed at ${step}:`, error);
  if (step === "storage") {
    const message = `Storage is unavailable (request ${requestId}); retry later.`;
    return statusResponse(format, 503, { code: RPC.UNAVAILABLE, message }, { ...reply, headers: { "retry-after": "5" } });
  }
  return statusResponse(format, 500, { code: RPC.INTERNAL, message: `Internal error (request ${requestId}).` }, reply);
}

function success(format: OtlpFormat, reply: ReplyOptions, partial?: { rejectedSpans: number; errorMessage: string }): OtlpReply {
  // An empty Export*ServiceResponse is the same message for every signal: no bytes, or `{}`.
  const message = partial && { ...partial, errorMessage: cut(partial.errorMessage) };
  return otlpResponse(200, encodeTraceResponse(format, message), reply);
}

function cut(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}
