import { decodeJsonTraceRequest } from "./decode-json";
import { decodeProtobufTraceRequest } from "./decode-protobuf";
import { OtlpDecodeError } from "./errors";
import type { OtlpTraceRequest } from "./types";

export type OtlpFormat = "protobuf" | "json";

/** The OTLP spec suggests receivers accept at least 64 MiB; the ingest route caps earlier. */
export const DEFAULT_MAX_OTLP_BODY_BYTES = 64 * 1024 * 1024;

export interface DecodeOptions {
  /** Larger (already decompressed) bodies are refused. Default 64 MiB. */
  maxBytes?: number;
}

/**
 * Decodes an OTLP ExportTraceServiceRequest body (already decompressed).
 * Throws {@link OtlpDecodeError}, and nothing else, for a body that cannot be decoded.
 */
export function decodeTraceRequest(body: Uint8Array, format: OtlpFormat, options: DecodeOptions = {}): OtlpTraceRequest {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_OTLP_BODY_BYTES;
  if (body.length > maxBytes) {
    throw new OtlpDecodeError(`body is ${body.length} bytes, above the limit of ${maxBytes} bytes`);
  }
  try {
    return format === "json" ? decodeJsonTraceRequest(body) : decodeProtobufTraceRequest(body);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    // Anything else (a stack overflow on pathological input, an engine limit) is still
    // a body we could not decode: report it as such, never as a server fault.
    throw new OtlpDecodeError(`body could not be decoded as OTLP ${format}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
