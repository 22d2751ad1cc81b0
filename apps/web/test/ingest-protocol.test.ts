import { randomBytes } from "node:crypto";
import { deflateRawSync, deflateSync, gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeTraceRequest, OTLP_CONTENT_TYPES, TRUNCATION_MARKER, type OtlpFormat, type SpanInput } from "@sightline/core";
import { startIngestEnvironment, type IngestEnvironment } from "./bad-input/environment";
import { exportAnswer, send, statusAnswer, type SendOptions } from "./bad-input/http";
import { createProjectWithKey, revokedKey, type ProjectKey } from "./bad-input/projects";

// The OTLP/HTTP contract over a real socket: formats, encodings, status codes and bodies,
// on both transports: the app's route handlers and the OTLP port (node:http, same handler).
const CAP = 4 * 1024 * 1024;
let env: IngestEnvironment;
beforeAll(async () => {
  env = await startIngestEnvironment({ maxBodyBytes: CAP });
}, 120_000);
afterAll(async () => {
  expect(env.server.escaped).toEqual([]);
  await env.stop();
});

const TRACES = "/api/public/otel/v1/traces";
const FORMATS: OtlpFormat[] = ["protobuf", "json"];
const nowNs = () => BigInt(Date.now()) * 1_000_000n;
const hexId = (bytes: number) => randomBytes(bytes).toString("hex");

function span(extra: Partial<SpanInput> = {}): SpanInput {
  const end = nowNs();
  return { traceId: hexId(16), spanId: hexId(8), name: "op", startTimeUnixNano: end - 3_000_000n, endTimeUnixNano: end, ...extra };
}
const body = (spans: SpanInput[], format: OtlpFormat) =>
  encodeTraceRequest({ resourceSpans: [{ resource: { attributes: { "service.name": "protocol-test" } }, scopeSpans: [{ spans }] }] }, format).body;

/** Where the OTLP requests of the running block go. */
let ingestUrl = "";

function post(path: string, payload: SendOptions["body"], headers: Record<string, string>, options: Omit<SendOptions, "body" | "headers"> = {}) {
  return send(ingestUrl, path, { ...options, body: payload, headers: { authorization: env.key.basic, ...headers } });
}
const getTrace = (traceId: string, key?: ProjectKey) => env.query(`/api/public/traces/${traceId}`, key);

const TRANSPORTS = [
  ["the app's routes", () => env.server.url],
  ["the OTLP port", () => env.otlpUrl],
] as const;

describe.each(TRANSPORTS)("via %s", (_name, url) => {
  beforeAll(() => {
    ingestUrl = url();
  });

  describe("formats and encodings", () => {
    it.each(FORMATS)("%s in, the same content type out, on both paths; the trace reads back", async (format) => {
      for (const path of [TRACES, "/v1/traces"]) {
        const s = span({ name: `${format} via ${path}` });
        const res = await post(path, body([s], format), { "content-type": OTLP_CONTENT_TYPES[format] });
        expect(res.status).toBe(200);
        expect(res.headers["content-type"]).toBe(OTLP_CONTENT_TYPES[format]);
        expect(exportAnswer(res)).toEqual({});
        expect(res.body.toString()).toBe(format === "json" ? "{}" : "");
        const read = await getTrace(s.traceId);
        expect(read.status).toBe(200);
        expect(read.json.spans.map((x: { name: string }) => x.name)).toEqual([s.name]);
      }
    });

    it("accepts content-type parameters and the application/protobuf alias", async () => {
      for (const [type, format] of [
        ["application/json; charset=utf-8", "json"],
        ["Application/JSON", "json"],
        ["application/protobuf", "protobuf"],
        ["application/x-protobuf; proto=opentelemetry", "protobuf"],
      ] as const) {
        const res = await post(TRACES, body([span()], format), { "content-type": type });
        expect(res.status, type).toBe(200);
        expect(res.headers["content-type"]).toBe(OTLP_CONTENT_TYPES[format]);
      }
    });

    it.each([
      ["gzip", "gzip", gzipSync],
      ["x-gzip", "x-gzip", gzipSync],
      ["deflate (zlib format)", "deflate", deflateSync],
      ["deflate (raw)", "deflate", deflateRawSync],
    ] as const)("Content-Encoding %s bodies, also when they arrive in many small chunks", async (_label, coding, compress) => {
      const spans = [span({ name: `compressed ${coding}`, attributes: { filler: "z".repeat(200_000) } })];
      const compressed = compress(body(spans, "protobuf"));
      const pieces = Array.from({ length: Math.ceil(compressed.length / 100) }, (_, i) => compressed.subarray(i * 100, (i + 1) * 100));
      for (const options of [{}, { chunked: true }]) {
        const res = await post(TRACES, "chunked" in options ? pieces : compressed, {
          "content-type": OTLP_CONTENT_TYPES.protobuf,
          "content-encoding": coding,
        }, options);
        expect(res.status).toBe(200);
      }
      const read = await getTrace(spans[0]!.traceId);
      expect(read.json.spans[0].attributes.filler).toHaveLength(200_000);
    });

    it("gzips the answer when asked and it is worth it; never when not asked", async () => {
      const rejected = Array.from({ length: 30 }, (_, i) => span({ name: `bad ${i}`, spanId: "" }));
      for (const format of FORMATS) {
        const payload = body(rejected, format);
        const asked = await post(TRACES, payload, { "content-type": OTLP_CONTENT_TYPES[format], "accept-encoding": "br;q=1, gzip;q=0.8" });
        expect(asked.status).toBe(200);
        expect(asked.headers["content-encoding"]).toBe("gzip");
        expect(asked.headers.vary).toMatch(/accept-encoding/i);
        expect(gunzipSync(asked.raw).equals(asked.body)).toBe(true);
        expect(exportAnswer(asked).partialSuccess?.rejected).toBe(30);

        const notAsked = await post(TRACES, payload, { "content-type": OTLP_CONTENT_TYPES[format] });
        expect(notAsked.headers["content-encoding"]).toBeUndefined();
        expect(exportAnswer(notAsked)).toEqual(exportAnswer(asked));
        const refused = await post(TRACES, payload, { "content-type": OTLP_CONTENT_TYPES[format], "accept-encoding": "gzip;q=0, identity" });
        expect(refused.headers["content-encoding"]).toBeUndefined();
      }
      // An empty success stays as it is: gzip would only make it larger.
      const small = await post(TRACES, body([span()], "json"), { "content-type": "application/json", "accept-encoding": "gzip" });
      expect(small.headers["content-encoding"]).toBeUndefined();
      expect(small.body.toString()).toBe("{}");
    });
  });

  describe("OTLP/JSON specifics", () => {
    const json = (value: unknown) => post(TRACES, JSON.stringify(value), { "content-type": "application/json" });
    const request = (spans: unknown[], extra: Record<string, unknown> = {}) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans }] }], ...extra });

    it("hex ids in any case, enums as integers (names tolerated), int64 as strings or numbers, unknown fields ignored", async () => {
      const traceId = hexId(16);
      const end = nowNs();
      const spans = [
        {
          traceId: traceId.toUpperCase(),
          spanId: "AAAAAAAAAAAAAAA1",
          name: "strings",
          kind: 3,
          startTimeUnixNano: String(end - 5000n),
          endTimeUnixNano: String(end),
          status: { code: 2, message: "boom" },
          somethingNew: { nested: [1, 2, 3] },
        },
        {
          traceId,
          spanId: "aaaaaaaaaaaaaaa2",
          parentSpanId: "AAAAAAAAAAAAAAA1",
          name: "numbers",
          kind: "SPAN_KIND_SERVER",
          startTimeUnixNano: Number(end - 5000n),
          endTimeUnixNano: Number(end),
          status: { code: "STATUS_CODE_OK" },
          droppedAttributesCount: "3",
        },
      ];
      const res = await json(request(spans, { unknownTopLevel: true }));
      expect(res.status).toBe(200);
      expect(exportAnswer(res)).toEqual({});
      const read = await getTrace(traceId);
      const byName = Object.fromEntries(read.json.spans.map((s: { name: string }) => [s.name, s]));
      expect(byName.strings).toMatchObject({ spanId: "aaaaaaaaaaaaaaa1", status: "error", statusMessage: "boom" });
      expect(byName.numbers).toMatchObject({ parentSpanId: "aaaaaaaaaaaaaaa1", status: "ok" });
      // A JSON number loses precision past 2^53 ns (to 256 ns); the span still lands at the right millisecond.
      expect(Math.abs(Date.parse(byName.numbers.endTime) - Number(end / 1_000_000n))).toBeLessThanOrEqual(1);
    });

    it("every AnyValue kind round-trips to the query API", async () => {
      const s = span();
      const attributes = [
        { key: "s", value: { stringValue: "héllo ✓" } },
        { key: "b", value: { boolValue: true } },
        { key: "i-string", value: { intValue: "-42" } },
        { key: "i-number", value: { intValue: 42 } },
        { key: "i-big", value: { intValue: "9223372036854775807" } },
        { key: "d", value: { doubleValue: 0.5 } },
        { key: "d-int", value: { doubleValue: 3 } },
        { key: "d-nan", value: { doubleValue: "NaN" } },
        { key: "d-inf", value: { doubleValue: "-Infinity" } },
        { key: "arr", value: { arrayValue: { values: [{ stringValue: "x" }, { intValue: "1" }, { arrayValue: { values: [{ boolValue: false }] } }] } } },
        { key: "kv", value: { kvlistValue: { values: [{ key: "inner", value: { kvlistValue: { values: [{ key: "deep", value: { doubleValue: 1.25 } }] } } }] } } },
        { key: "bytes", value: { bytesValue: Buffer.from([0, 1, 2, 250]).toString("base64") } },
        { key: "empty", value: {} },
      ];
      const res = await json(request([{ ...s, startTimeUnixNano: String(s.startTimeUnixNano), endTimeUnixNano: String(s.endTimeUnixNano), attributes }]));
      expect(res.status).toBe(200);
      const stored = (await getTrace(s.traceId)).json.spans[0].attributes;
      expect(stored).toEqual({
        s: "héllo ✓",
        b: true,
        "i-string": -42,
        "i-number": 42,
        "i-big": "9223372036854775807",
        d: 0.5,
        "d-int": 3,
        "d-nan": "NaN",
        "d-inf": "-Infinity",
        arr: ["x", 1, [false]],
        kv: { inner: { deep: 1.25 } },
        bytes: "AAEC+g==",
        empty: null,
      });
    });

    it("an empty request, and one with empty envelopes, is a success", async () => {
      for (const value of [{}, { resourceSpans: [] }, { resourceSpans: [{}] }, { resourceSpans: [{ scopeSpans: [{}] }] }]) {
        const res = await json(value);
        expect(res.status).toBe(200);
        expect(exportAnswer(res)).toEqual({});
      }
      const empty = await post(TRACES, new Uint8Array(0), { "content-type": OTLP_CONTENT_TYPES.protobuf });
      expect(empty.status).toBe(200);
    });
  });

  describe("status codes and their bodies", () => {
    it.each(FORMATS)("%s: 200 + partial success naming the rejected spans; the valid ones land", async (format) => {
      const good = span({ name: "good" });
      const bad = [span({ name: "no id", spanId: "" }), span({ name: "backwards", startTimeUnixNano: good.endTimeUnixNano, endTimeUnixNano: good.startTimeUnixNano })];
      const res = await post(TRACES, body([good, ...bad], format), { "content-type": OTLP_CONTENT_TYPES[format] });
      expect(res.status).toBe(200);
      const answer = exportAnswer(res);
      expect(answer.partialSuccess?.rejected).toBe(2);
      expect(answer.partialSuccess?.errorMessage).toMatch(/^2 spans rejected: span "no id".*span id is missing.*"backwards".*end time is before start time/);
      expect((await getTrace(good.traceId)).json.spans.map((s: { name: string }) => s.name)).toEqual(["good"]);
    });

    it("200 + a warning (rejected 0) when a field was truncated; the marker is visible in the stored span", async () => {
      const s = span({ name: "huge", attributes: { "input.value": "i".repeat(1_500_000) } });
      const res = await post(TRACES, gzipSync(body([s], "protobuf")), { "content-type": OTLP_CONTENT_TYPES.protobuf, "content-encoding": "gzip" });
      expect(res.status).toBe(200);
      expect(exportAnswer(res).partialSuccess).toEqual({ rejected: 0, errorMessage: expect.stringMatching(/input is larger than 1048576 characters and was truncated/) });
      const stored = (await getTrace(s.traceId)).json.spans[0];
      expect(stored.input.endsWith(TRUNCATION_MARKER)).toBe(true);
    });

    it.each(FORMATS)("%s: 400 with a google.rpc.Status, its reason and a BadRequest detail", async (format) => {
      const payload = format === "json" ? '{"resourceSpans": {"not": "a list"}}' : Uint8Array.from([0x0a, 0x05, 0x12, 0x03, 0xff]);
      const res = await post(TRACES, payload, { "content-type": OTLP_CONTENT_TYPES[format] });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toBe(OTLP_CONTENT_TYPES[format]);
      const status = statusAnswer(res);
      expect(status.code).toBe(3);
      expect(status.message).toMatch(format === "json" ? /resourceSpans must be an array/ : /not a valid protobuf ExportTraceServiceRequest/);
      expect(status.fieldViolations).toEqual([{ field: format === "json" ? "resourceSpans" : "body", description: expect.any(String) }]);
    });

    it("401 for a missing, malformed, unknown or revoked key, in the request's format", async () => {
      const revoked = await revokedKey(env.prisma, env.key.projectId);
      const cases: [string | undefined, RegExp][] = [
        [undefined, /Missing Authorization/],
        ["Basic !!!", /Basic credentials/],
        [`Basic ${Buffer.from(`${env.key.publicKey}:sk-sl-wrong`).toString("base64")}`, /Invalid public key or secret key/],
        ["Bearer sk-sl-unknown-secret-key-0000000000", /Unknown secret key/],
        ["Digest abc", /Unsupported Authorization scheme/],
        [revoked.basic, /revoked/],
      ];
      for (const format of FORMATS) {
        for (const [authorization, reason] of cases) {
          const headers: Record<string, string> = { "content-type": OTLP_CONTENT_TYPES[format] };
          const res = await send(ingestUrl, TRACES, { body: body([span()], format), headers: authorization ? { ...headers, authorization } : headers });
          expect(res.status, authorization).toBe(401);
          expect(res.headers["www-authenticate"]).toMatch(/^Basic/);
          expect(res.headers["content-type"]).toBe(OTLP_CONTENT_TYPES[format]);
          expect(statusAnswer(res).message).toMatch(reason);
        }
      }
    });

    it("a key only ever writes to its own project", async () => {
      const other = await createProjectWithKey(env.prisma, "Other project");
      const shared = span({ name: "mine" });
      expect((await post(TRACES, body([shared], "json"), { "content-type": "application/json" })).status).toBe(200);
      expect((await getTrace(shared.traceId, other)).status).toBe(404);
      const theirs = { ...shared, name: "theirs" };
      const res = await send(ingestUrl, TRACES, { body: body([theirs], "json"), headers: { "content-type": "application/json", authorization: other.basic } });
      expect(res.status).toBe(200);
      expect((await getTrace(shared.traceId)).json.spans.map((s: { name: string }) => s.name)).toEqual(["mine"]);
      expect((await getTrace(shared.traceId, other)).json.spans.map((s: { name: string }) => s.name)).toEqual(["theirs"]);
    });

    it("413 over the cap: by Content-Length, while streaming a chunked body, and after decompression (gzip bomb)", async () => {
      const headers = { "content-type": OTLP_CONTENT_TYPES.protobuf };
      const declared = await post(TRACES, new Uint8Array(CAP + 1), headers);
      expect(declared.status).toBe(413);
      expect(statusAnswer(declared).message).toMatch(/larger than 4194304 bytes/);

      const pieces = Array.from({ length: 80 }, () => new Uint8Array(64 * 1024));
      const chunked = await post(TRACES, pieces, headers, { chunked: true });
      expect(chunked.status).toBe(413);

      // 256 MiB of zeros as 16 concatenated gzip members (~256 KiB): refused once CAP bytes are out.
      const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
      const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
      expect(bomb.length).toBeLessThan(CAP);
      const before = process.memoryUsage().arrayBuffers;
      const bombed = await post(TRACES, bomb, { ...headers, "content-encoding": "gzip" });
      expect(bombed.status).toBe(413);
      expect(statusAnswer(bombed).message).toMatch(/decompressed body is larger than 4194304 bytes/);
      // Inflating stopped at the cap: far from the 256 MiB the bomb expands to.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);

      // The server is fine afterwards.
      expect((await post(TRACES, body([span()], "protobuf"), headers)).status).toBe(200);
    });

    it("415 for other content types and content encodings; 400 for a corrupt gzip body", async () => {
      const valid = body([span()], "json");
      for (const type of ["text/plain", "application/xml", "multipart/form-data", "", "application/jsonl"]) {
        const res = await post(TRACES, valid, type ? { "content-type": type } : {});
        expect(res.status, type).toBe(415);
        expect(statusAnswer(res).message).toMatch(/Unsupported Content-Type/);
      }
      for (const coding of ["br", "zstd", "compress", "gzip, gzip"]) {
        const res = await post(TRACES, valid, { "content-type": "application/json", "content-encoding": coding });
        expect(res.status, coding).toBe(415);
        expect(statusAnswer(res).message).toMatch(/Unsupported Content-Encoding/);
      }
      const truncated = gzipSync(valid).subarray(0, 20);
      const res = await post(TRACES, truncated, { "content-type": "application/json", "content-encoding": "gzip" });
      expect(res.status).toBe(400);
      expect(statusAnswer(res).message).toMatch(/not valid gzip data/);
    });
  });

  describe("metrics and logs: accepted, not stored", () => {
    const requests = {
      metrics: { resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ scope: { name: "m" }, metrics: [{ name: "requests", sum: { dataPoints: [{ asInt: "1" }] } }] }] }] },
      logs: { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: "l" }, logRecords: [{ body: { stringValue: "hello" } }] }] }] },
    };
    // Protobuf: resource_* (1) → scope_* (2) → one metric / log record (2), as opaque bytes.
    const protobufBody = Uint8Array.from([0x0a, 0x06, 0x12, 0x04, 0x12, 0x02, 0x0a, 0x00]);

    it.each(["metrics", "logs"] as const)("%s: 200 with an empty Export*ServiceResponse in the request's format, on both paths", async (signal) => {
      for (const path of [`/api/public/otel/v1/${signal}`, `/v1/${signal}`]) {
        const json = await post(path, JSON.stringify(requests[signal]), { "content-type": "application/json" });
        expect(json.status).toBe(200);
        expect(json.headers["content-type"]).toBe("application/json");
        expect(json.body.toString()).toBe("{}");
        const pb = await post(path, gzipSync(protobufBody), { "content-type": OTLP_CONTENT_TYPES.protobuf, "content-encoding": "gzip" });
        expect(pb.status).toBe(200);
        expect(pb.headers["content-type"]).toBe(OTLP_CONTENT_TYPES.protobuf);
        expect(pb.body.length).toBe(0);
      }
    });

    it.each(["metrics", "logs"] as const)("%s: 401, 400, 413 and 415 like traces", async (signal) => {
      const path = `/v1/${signal}`;
      const noKey = await send(ingestUrl, path, { body: JSON.stringify(requests[signal]), headers: { "content-type": "application/json" } });
      expect(noKey.status).toBe(401);
      const garbage = await post(path, Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0x0f]), { "content-type": OTLP_CONTENT_TYPES.protobuf });
      expect(garbage.status).toBe(400);
      expect(statusAnswer(garbage).message).toMatch(signal === "metrics" ? /ExportMetricsServiceRequest/ : /ExportLogsServiceRequest/);
      const wrongShape = await post(path, JSON.stringify({ [signal === "metrics" ? "resourceMetrics" : "resourceLogs"]: 7 }), { "content-type": "application/json" });
      expect(wrongShape.status).toBe(400);
      expect((await post(path, "[]", { "content-type": "application/json" })).status).toBe(400);
      expect((await post(path, new Uint8Array(CAP + 1), { "content-type": OTLP_CONTENT_TYPES.protobuf })).status).toBe(413);
      expect((await post(path, "x", { "content-type": "text/plain" })).status).toBe(415);
    });
  });
});

describe("the OTLP port's own answers", () => {
  it("answers unknown paths with 404 and other methods with 405 + Allow, naming what to do", async () => {
    const missing = await send(env.otlpUrl, "/v1/spans", { body: "{}", headers: { "content-type": "application/json" } });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).message).toMatch(/POST to \/v1\/traces/);
    const get = await send(env.otlpUrl, "/v1/traces", { method: "GET" });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe("POST");
  });

  it("refuses to start on a port that is taken, so start-up can say so", async () => {
    const { startOtlpListener } = await import("@/features/ingest/server/otlp-listener");
    const port = Number(new URL(env.otlpUrl).port);
    await expect(startOtlpListener({ port, host: "127.0.0.1" })).rejects.toThrow(/EADDRINUSE/);
  });

  it("reads SIGHTLINE_OTLP_PORT: 4318 by default, off, 0, and a reason for anything else", async () => {
    const { otlpPortFromEnv } = await import("@/features/ingest/server/otlp-listener");
    expect(otlpPortFromEnv({})).toBe(4318);
    expect(otlpPortFromEnv({ SIGHTLINE_OTLP_PORT: "off" })).toBeNull();
    expect(otlpPortFromEnv({ SIGHTLINE_OTLP_PORT: "0" })).toBe(0);
    expect(otlpPortFromEnv({ SIGHTLINE_OTLP_PORT: "14318" })).toBe(14318);
    for (const bad of ["http", "-1", "70000", "43.18"]) expect(() => otlpPortFromEnv({ SIGHTLINE_OTLP_PORT: bad })).toThrow(/SIGHTLINE_OTLP_PORT must be a port number/);
  });
});
