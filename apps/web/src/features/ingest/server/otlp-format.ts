import { gzipSync } from "node:zlib";
import { encodeRpcStatus, type EncodedBody, type OtlpFormat, type RpcStatus } from "@sightline/core";

/** The OTLP format of a Content-Type, or null when it is neither protobuf nor JSON. */
export function otlpFormatOf(contentType: string | null): OtlpFormat | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return null;
}

/** Whether Accept-Encoding lets us answer with gzip (`gzip`, `x-gzip` or `*`, with q > 0). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  for (const item of acceptEncoding.toLowerCase().split(",")) {
    const [coding, ...params] = item.split(";").map((part) => part.trim());
    if (coding !== "gzip" && coding !== "x-gzip" && coding !== "*") continue;
    const q = params.find((p) => p.startsWith("q="));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/** Smaller bodies (an empty success, a short error) would only grow when gzipped. */
export const GZIP_MIN_BYTES = 256;

// google.rpc.Code values used in error bodies.
export const RPC = { INVALID_ARGUMENT: 3, UNAUTHENTICATED: 16, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, INTERNAL: 13 } as const;

export interface ReplyOptions {
  /** The client sent Accept-Encoding: gzip. */
  gzip: boolean;
  headers?: Record<string, string>;
}

/** An answer of the OTLP endpoints, whatever serves it (Next or the OTLP port). */
export interface OtlpReply {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export function toWebResponse(reply: OtlpReply): Response {
  return new Response(reply.body as BodyInit, { status: reply.status, headers: reply.headers });
}

/** An encoded OTLP message as the response, gzipped when the client asked and it pays. */
export function otlpResponse(status: number, encoded: EncodedBody, options: ReplyOptions): OtlpReply {
  const headers: Record<string, string> = { "content-type": encoded.contentType, vary: "accept-encoding", ...options.headers };
  let body = encoded.body;
  if (options.gzip && body.length >= GZIP_MIN_BYTES) {
    body = gzipSync(body);
    headers["content-encoding"] = "gzip";
  }
  return { status, headers, body };
}

/** A 4xx/5xx answer with a google.rpc.Status body in the request's format. */
export function statusResponse(format: OtlpFormat, status: number, rpc: RpcStatus, options: ReplyOptions): OtlpReply {
  return otlpResponse(status, encodeRpcStatus(format, rpc), options);
}
