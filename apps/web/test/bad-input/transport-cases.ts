import { deflateSync, gzipSync } from "node:zlib";
import { contentType, encoded, freshIds, goodSpan, JSON_TYPE, PROTOBUF_TYPE, type BadInputCase } from "./case";
import type { PlannedKey } from "./projects";

/** A valid one-span request whose trace must end up with exactly `stored` spans. */
function validRequest(format: "json" | "protobuf" = "json") {
  const ids = freshIds();
  const span = goodSpan(ids.traceId, ids.spanId());
  return { body: encoded([span], format), traceId: ids.traceId, spanId: span.spanId };
}

/** Authorization problems: 401 with a reason, nothing stored. */
export function authCases(keys: { a: PlannedKey; b: PlannedKey; revoked: PlannedKey }): BadInputCase[] {
  const b64 = (text: string) => Buffer.from(text).toString("base64");
  const bad: [string, string | null, RegExp][] = [
    ["no Authorization header", null, /Missing Authorization header/],
    ["an empty Authorization header", "", /Missing Authorization header/],
    ["Basic without credentials", "Basic", /Malformed Authorization header/],
    ["Basic with spaces only", "Basic    ", /Malformed Authorization header/],
    ["Basic without a colon", `Basic ${b64(keys.a.publicKey)}`, /Basic credentials must be base64\(publicKey:secretKey\)/],
    ["Basic with an empty public key", `Basic ${b64(`:${keys.a.secretKey}`)}`, /Basic credentials must be base64/],
    ["Basic with an unknown public key", `Basic ${b64(`pk-sl-unknown-0000000000000000:${keys.a.secretKey}`)}`, /Invalid public key or secret key/],
    ["Basic with the wrong secret", `Basic ${b64(`${keys.a.publicKey}:sk-sl-wrong`)}`, /Invalid public key or secret key/],
    ["project A's public key with project B's secret", `Basic ${b64(`${keys.a.publicKey}:${keys.b.secretKey}`)}`, /Invalid public key or secret key/],
    ["project B's public key with project A's secret", `Basic ${b64(`${keys.b.publicKey}:${keys.a.secretKey}`)}`, /Invalid public key or secret key/],
    ["Basic with an empty secret", `Basic ${b64(`${keys.a.publicKey}:`)}`, /Invalid public key or secret key/],
    ["Bearer with an unknown secret", "Bearer sk-sl-not-a-real-secret-000000000000", /Unknown secret key/],
    ["Bearer with the public key", `Bearer ${keys.a.publicKey}`, /Unknown secret key/],
    ["Bearer with the Basic credentials", `Bearer ${b64(`${keys.a.publicKey}:${keys.a.secretKey}`)}`, /Unknown secret key/],
    ["an unknown scheme", `Token ${keys.a.secretKey}`, /Unsupported Authorization scheme "token"/],
    ["the secret without a scheme", keys.a.secretKey, /Malformed Authorization header/],
    ["a revoked key (Basic)", keys.revoked.basic, /This API key was revoked/],
    ["a revoked key (Bearer)", `Bearer ${keys.revoked.secretKey}`, /This API key was revoked/],
    ["a header of 3,000 characters", `Bearer ${"x".repeat(3000)}`, /Authorization header is too long/],
    ["non-ASCII credentials", `Basic ${b64("pk-sl-ünïcödé:sk-sl-ünïcödé")}`, /Invalid public key or secret key/],
  ];
  return bad.map(([name, auth, reason], i) => {
    const request = validRequest(i % 2 ? "protobuf" : "json");
    return {
      group: "keys",
      name,
      headers: contentType(i % 2 ? "protobuf" : "json"),
      auth,
      body: request.body,
      status: 401,
      reason,
      trace: { traceId: request.traceId, stored: [] },
    };
  });
}

/** Content types, content encodings and sizes. */
export function transportCases(cap: number): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const type of ["text/plain", "application/xml", "application/x-www-form-urlencoded", "application/grpc", "application/octet-stream", "application/json-seq", "multipart/form-data; boundary=x", "*/*", ""]) {
    const request = validRequest();
    const headers: Record<string, string> = type === "" ? {} : { "content-type": type };
    cases.push({ group: "content types", name: `Content-Type "${type}"`, headers, body: request.body, status: 415, reason: /Unsupported Content-Type/, trace: { traceId: request.traceId, stored: [] } });
  }
  {
    const request = validRequest("protobuf");
    cases.push({ group: "content types", name: "a protobuf body sent as JSON", headers: JSON_TYPE, body: request.body, status: 400, reason: /body is not valid JSON/, trace: { traceId: request.traceId, stored: [] } });
  }

  const gz = (format: "json" | "protobuf", headers: Record<string, string>, transform: (body: Uint8Array) => Uint8Array, status: number, reason: RegExp, name: string) => {
    const request = validRequest(format);
    cases.push({
      group: "content encodings",
      name,
      headers: { ...contentType(format), ...headers },
      body: transform(request.body),
      status,
      reason,
      trace: { traceId: request.traceId, stored: [] },
    });
  };
  gz("json", { "content-encoding": "gzip" }, (b) => b, 400, /not valid gzip data/, "gzip declared, plain body");
  gz("protobuf", { "content-encoding": "gzip" }, (b) => gzipSync(b).subarray(0, 15), 400, /not valid gzip data/, "truncated gzip (header only)");
  gz("json", { "content-encoding": "gzip" }, (b) => { const z = gzipSync(b); return z.subarray(0, z.length - 6); }, 400, /not valid gzip data/, "truncated gzip (trailer cut)");
  gz("json", { "content-encoding": "gzip" }, (b) => { const z = Buffer.from(gzipSync(b)); z[z.length - 5]! ^= 0xff; return z; }, 400, /not valid gzip data/, "gzip with a bad checksum");
  gz("json", { "content-encoding": "gzip" }, (b) => { const z = Buffer.from(gzipSync(b)); z[12]! ^= 0xff; return z; }, 400, /not valid gzip data/, "gzip with corrupt data");
  gz("protobuf", { "content-encoding": "deflate" }, (b) => deflateSync(b).subarray(0, 8), 400, /not valid deflate data/, "truncated deflate");
  gz("json", { "content-encoding": "deflate" }, () => Uint8Array.from([0xff, 0xff, 0xff, 0xff]), 400, /not valid deflate data/, "deflate of garbage");
  gz("protobuf", { "content-encoding": "gzip" }, (b) => gzipSync(gzipSync(b)), 400, /not a valid protobuf/, "gzip twice, declared once");
  gz("json", { "content-encoding": "br" }, (b) => b, 415, /Unsupported Content-Encoding "br"/, "Content-Encoding br");
  gz("json", { "content-encoding": "gzip, deflate" }, (b) => gzipSync(b), 415, /Unsupported Content-Encoding/, "two content encodings");
  gz("json", { "content-encoding": "compress" }, (b) => b, 415, /Unsupported Content-Encoding "compress"/, "Content-Encoding compress");

  // Sizes: the cap holds on the wire and after inflating; a bomb stops at the cap.
  const zeros = gzipSync(Buffer.alloc(8 * 1024 * 1024));
  const bomb = Buffer.concat(Array.from({ length: Math.ceil((4 * cap) / (8 * 1024 * 1024)) }, () => zeros));
  cases.push(
    { group: "sizes", name: "a body over the cap (Content-Length)", headers: PROTOBUF_TYPE, body: new Uint8Array(cap + 1), status: 413, reason: /The body is larger than/ },
    { group: "sizes", name: "a chunked body over the cap", headers: PROTOBUF_TYPE, body: Array.from({ length: Math.ceil(cap / 65536) + 2 }, () => new Uint8Array(65536)), chunked: true, status: 413, reason: /The body is larger than/ },
    { group: "sizes", name: `a gzip bomb (${(bomb.length / 1024) | 0} KiB → ${(4 * cap) >> 20} MiB)`, headers: { ...PROTOBUF_TYPE, "content-encoding": "gzip" }, body: bomb, status: 413, reason: /The decompressed body is larger than/ },
    { group: "sizes", name: "a deflate bomb", headers: { ...JSON_TYPE, "content-encoding": "deflate" }, body: deflateSync(Buffer.alloc(2 * cap, 0x20)), status: 413, reason: /The decompressed body is larger than/ },
  );
  return cases;
}

/** /v1/metrics and /v1/logs: checked like traces, though nothing of them is stored. */
export function signalCases(): BadInputCase[] {
  const cases: BadInputCase[] = [];
  for (const [signal, type, list] of [
    ["metrics", "ExportMetricsServiceRequest", "resourceMetrics"],
    ["logs", "ExportLogsServiceRequest", "resourceLogs"],
  ] as const) {
    const path = `/v1/${signal}`;
    const group = `${signal} (not stored)`;
    cases.push(
      { group, name: "random bytes", path, headers: PROTOBUF_TYPE, body: Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), status: 400, reason: new RegExp(`not a valid protobuf ${type}`) },
      { group, name: "a truncated body", path, headers: PROTOBUF_TYPE, body: Uint8Array.from([0x0a, 0x06, 0x12, 0x04, 0x12]), status: 400, reason: /a length runs past the end/ },
      { group, name: `${list} of the wrong type`, path, headers: JSON_TYPE, body: JSON.stringify({ [list]: "x" }), status: 400, reason: new RegExp(`${list} must be an array`) },
      { group, name: "not JSON", path, headers: JSON_TYPE, body: "{", status: 400, reason: /not valid JSON/ },
      { group, name: "no key", path, headers: JSON_TYPE, auth: null, body: "{}", status: 401, reason: /Missing Authorization header/ },
      { group, name: "a text body", path, headers: { "content-type": "text/plain" }, body: "cpu 0.5", status: 415, reason: /Unsupported Content-Type/ },
      { group, name: "corrupt gzip", path, headers: { ...JSON_TYPE, "content-encoding": "gzip" }, body: "{}", status: 400, reason: /not valid gzip data/ },
      { group, name: "a well-formed empty request", path, headers: JSON_TYPE, body: "{}", status: 200 },
    );
  }
  return cases;
}
