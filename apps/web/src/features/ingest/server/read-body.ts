import { Writable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip, createInflate, createInflateRaw } from "node:zlib";

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

type Coding = "identity" | "gzip" | "deflate";

/** The Content-Encoding of a request, or a 415 when it is one we do not decode. */
export function contentCodingOf(header: string | null): Coding {
  const coding = (header ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return "identity";
  if (coding === "gzip" || coding === "x-gzip") return "gzip";
  if (coding === "deflate") return "deflate";
  throw new BodyError(415, `Unsupported Content-Encoding "${coding.slice(0, 100)}": use gzip, deflate or none.`);
}

/** A request as ingest reads it, from a web `Request` (Next) or a `node:http` request alike. */
export interface RequestSource {
  header(name: string): string | null;
  /**
   * The body's chunks. Leaving the loop early must stop the upload without destroying what
   * the answer goes out on (web streams cancel; node requests use `destroyOnReturn: false`).
   */
  body: AsyncIterable<Uint8Array> | null;
}

/**
 * Reads a request body, never holding more than `limit` bytes of it on the wire or after
 * decompression: a compressed body is inflated while it streams in, and inflating stops
 * (413) as soon as the output passes the cap, so a gzip bomb costs at most `limit` bytes.
 * Returns a Buffer: a view of the one chunk when the body came in one, else one copy.
 */
export async function readBody(req: RequestSource, limit: number): Promise<Buffer> {
  const coding = contentCodingOf(req.header("content-encoding"));
  const declared = Number(req.header("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  return coding === "identity" ? readPlain(req.body, limit) : inflate(cappedChunks(req.body, limit), coding, limit);
}

/** The common case, kept to one plain loop: chunks in, one buffer out (no copy for one chunk). */
async function readPlain(body: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const value of body) {
    size += value.byteLength;
    if (size > limit) throw tooLarge(limit); // leaving the loop stops the upload
    parts.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

/** The body's chunks as they arrive; throws a 413 once more than `limit` bytes came. */
async function* cappedChunks(body: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  // Returning early (cap reached, bad data) ends the loop, which stops the upload.
  for await (const value of body) {
    size += value.byteLength;
    if (size > limit) throw tooLarge(limit);
    yield Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
}

async function inflate(chunks: AsyncGenerator<Buffer>, coding: "gzip" | "deflate", limit: number): Promise<Buffer> {
  // HTTP "deflate" is the zlib format (RFC 1950), but some clients send raw deflate
  // (RFC 1951): the first two bytes tell them apart.
  const first = await chunks.next();
  if (first.done) return Buffer.alloc(0);
  const head = first.value;
  const inflater: Transform = coding === "gzip" ? createGunzip() : hasZlibHeader(head) ? createInflate() : createInflateRaw();
  const parts: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(new BodyError(413, `The decompressed body is larger than ${limit} bytes.`));
      parts.push(chunk);
      done();
    },
  });
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    yield* chunks;
  }
  try {
    await pipeline(all(), inflater, sink);
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError(400, `The body is not valid ${coding} data: ${(error as Error).message}`);
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

/** RFC 1950: compression method 8 in the low nibble, and the two bytes a multiple of 31. */
function hasZlibHeader(bytes: Buffer): boolean {
  if (bytes.length < 2) return false;
  return (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `The body is larger than ${limit} bytes.`);
}

/** A web `Request` (Next route handlers) as a RequestSource. */
export function webRequestSource(req: Request): RequestSource {
  // Web streams are async iterable in Node; leaving the loop early cancels the stream.
  return { header: (name) => req.headers.get(name), body: req.body as AsyncIterable<Uint8Array> | null };
}
