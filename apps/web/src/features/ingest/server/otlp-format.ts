import { encodeRpcStatus, type OtlpFormat } from "@sightline/core";

/** The OTLP format of a Content-Type, or null when it is neither protobuf nor JSON. */
export function otlpFormatOf(contentType: string | null): OtlpFormat | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

// google.rpc.Code values used in error bodies.
export const RPC = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, INTERNAL: 13 } as const;

/** A 4xx/5xx answer with a google.rpc.Status body in the request's format. */
export function statusResponse(
  format: OtlpFormat,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body = encodeRpcStatus(format, { code, message });
  return new Response(body.body as BodyInit, { status, headers: { "content-type": body.contentType, ...headers } });
}
