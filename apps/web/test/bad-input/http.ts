import http from "node:http";
import { gunzipSync } from "node:zlib";
import { decodeExportResponse, decodeRpcStatus, OTLP_CONTENT_TYPES, type OtlpFormat } from "@sightline/core";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as sent on the wire (still gzipped when Content-Encoding says so). */
  raw: Buffer;
  /** The body after gzip, when the server gzipped it. */
  body: Buffer;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string | Uint8Array[];
  /** Send the body chunked (no Content-Length), one write per element of `body`. */
  chunked?: boolean;
}

/**
 * One HTTP request with node:http, so that the test decides every header (fetch would add
 * Accept-Encoding and undo gzip). A server that answers before the upload ends (413) is
 * read normally; a reset after the answer is ignored.
 */
export function send(baseUrl: string, path: string, options: SendOptions = {}): Promise<RawResponse> {
  const url = new URL(path, baseUrl);
  const parts = options.body === undefined ? [] : Array.isArray(options.body) ? options.body : [options.body];
  const headers: Record<string, string | number> = { ...options.headers };
  if (!options.chunked && options.body !== undefined) headers["content-length"] = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? (options.body === undefined ? "GET" : "POST"), headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body });
      });
      res.on("error", reject);
    });
    let answered = false;
    req.on("response", () => (answered = true));
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    void (async () => {
      for (const part of parts) {
        if (req.destroyed) return;
        if (!req.write(part)) await drainedOrClosed(req);
      }
      req.end();
    })();
  });
}

function drainedOrClosed(req: http.ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off("drain", done).off("close", done);
      resolve();
    };
    req.once("drain", done).once("close", done);
  });
}

/** The OTLP format a response says it is in. */
export function formatOf(res: RawResponse): OtlpFormat {
  return res.headers["content-type"] === OTLP_CONTENT_TYPES.protobuf ? "protobuf" : "json";
}

/** A 200's Export*ServiceResponse, decoded in the format the server answered in. */
export const exportAnswer = (res: RawResponse) => decodeExportResponse(res.body, formatOf(res));
/** A 4xx/5xx google.rpc.Status, decoded in the format the server answered in. */
export const statusAnswer = (res: RawResponse) => decodeRpcStatus(res.body, formatOf(res));
