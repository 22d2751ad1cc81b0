import { promisify } from "node:util";
import { gunzip, inflate } from "node:zlib";

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** The body cap, before and after decompression (SIGHTLINE_MAX_BODY_BYTES, default 64 MiB). */
export function maxBodyBytes(env: NodeJS.ProcessEnv = process.env): number {
  const configured = Number(env.SIGHTLINE_MAX_BODY_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : 64 * 1024 * 1024;
}

/**
 * Reads a request body into memory, never more than `limit` bytes on the wire, then
 * decompresses gzip/deflate with the same limit on the output (zlib stops at
 * maxOutputLength, so a gzip bomb costs at most `limit` bytes).
 */
export async function readBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  const raw = Buffer.concat(chunks, size);
  const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return raw;
  if (encoding !== "gzip" && encoding !== "deflate") {
    throw new BodyError(415, `Unsupported Content-Encoding "${encoding}": use gzip, deflate or none.`);
  }
  try {
    return await (encoding === "gzip" ? gunzipAsync : inflateAsync)(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || error instanceof RangeError) {
      throw new BodyError(413, `The decompressed body is larger than ${limit} bytes.`);
    }
    throw new BodyError(400, `The body is not valid ${encoding} data: ${(error as Error).message}`);
  }
}

function tooLarge(limit: number) {
  return new BodyError(413, `The body is larger than ${limit} bytes.`);
}
