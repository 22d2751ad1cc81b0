import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeTraceRequest, type OtlpTraceRequest } from "@sightline/core";

/** One request as the server saw it. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The OTLP request in OTLP/JSON shape: parsed JSON, or protobuf decoded by the server's decoder and re-shaped. */
  json: OtlpJsonRequest;
  /** The parsed body of a scores API request. */
  scores?: Array<Record<string, unknown>>;
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number; message?: string };
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
  events?: Array<{ name: string; timeUnixNano: string; attributes: Array<{ key: string; value: Record<string, unknown> }> }>;
}

export interface OtlpJsonRequest {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: Record<string, unknown> }> };
    scopeSpans: Array<{ scope: { name: string; version: string }; spans: OtlpJsonSpan[] }>;
  }>;
}

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (to exercise the client's timeout). */
  hang?: boolean;
}

/**
 * A real HTTP server on an ephemeral port that records every request and answers from a
 * script of canned responses (then 200 with an empty ExportTraceServiceResponse).
 */
export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  private readonly script: CannedResponse[] = [];
  private readonly arrivalWaiters: Array<() => void> = [];
  private server!: http.Server;
  url = "";

  static async start(): Promise<CaptureServer> {
    const capture = new CaptureServer();
    capture.server = http.createServer((req, res) => capture.handle(req, res));
    await new Promise<void>((resolve) => capture.server.listen(0, "127.0.0.1", resolve));
    capture.url = `http://127.0.0.1:${(capture.server.address() as AddressInfo).port}`;
    return capture;
  }

  /** Queues responses for the next requests, in order. */
  respondWith(...responses: CannedResponse[]): void {
    this.script.push(...responses);
  }

  /** Resolves once at least `count` requests have arrived in total. */
  async waitForRequests(count: number): Promise<CapturedRequest[]> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.arrivalWaiters.push(resolve));
    return this.requests.slice(0, count);
  }

  /** Every span of every trace request, in arrival order. */
  spans(): OtlpJsonSpan[] {
    return this.traceRequests().flatMap((r) => r.json.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
  }

  /** Requests to the OTLP traces endpoint (not the scores API). */
  traceRequests(): CapturedRequest[] {
    return this.requests.filter((r) => r.scores === undefined);
  }

  /** Every score of every scores API request, in arrival order. */
  scores(): Array<Record<string, unknown>> {
    return this.requests.flatMap((r) => r.scores ?? []);
  }

  spanNamed(name: string): OtlpJsonSpan {
    const span = this.spans().find((s) => s.name === name);
    if (!span) throw new Error(`no span named ${name}; got ${this.spans().map((s) => s.name).join(", ")}`);
    return span;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      let json: OtlpJsonRequest = { resourceSpans: [] };
      let scores: Array<Record<string, unknown>> | undefined;
      try {
        if ((req.url ?? "").startsWith("/api/public/scores")) scores = (JSON.parse(body.toString("utf8")) as { scores: Array<Record<string, unknown>> }).scores;
        else if (req.headers["content-type"] === "application/x-protobuf") json = toJsonShape(decodeTraceRequest(new Uint8Array(body), "protobuf"));
        else json = JSON.parse(body.toString("utf8")) as OtlpJsonRequest;
      } catch {
        // recorded as empty; the test looking at it will fail on its own terms
      }
      this.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json, scores });
      for (const wake of this.arrivalWaiters.splice(0)) wake();
      const fallback = scores ? JSON.stringify({ accepted: scores.length, ids: scores.map((s) => s.id), errors: [] }) : "";
      const canned = this.script.shift() ?? { status: 200, body: fallback };
      if (canned.hang) return;
      res.writeHead(canned.status, { "content-type": "application/json", ...canned.headers });
      res.end(canned.body ?? "{}");
    });
  }
}

/** The decoded value of a span attribute, or undefined when absent. */
export function attr(span: OtlpJsonSpan, key: string): unknown {
  const found = span.attributes.find((a) => a.key === key);
  return found ? anyValue(found.value) : undefined;
}

function anyValue(value: Record<string, unknown>): unknown {
  if ("stringValue" in value) return value.stringValue;
  if ("intValue" in value) return Number(value.intValue);
  if ("doubleValue" in value) return value.doubleValue;
  if ("boolValue" in value) return value.boolValue;
  if ("arrayValue" in value) return ((value.arrayValue as { values: Array<Record<string, unknown>> }).values ?? []).map(anyValue);
  return value;
}

/** The server decoder's plain values, back in OTLP/JSON's AnyValue shape (so tests read both formats alike). */
function toJsonShape(request: OtlpTraceRequest): OtlpJsonRequest {
  const kv = (map: Record<string, unknown>) => Object.entries(map).map(([key, value]) => ({ key, value: toAnyValue(value) }));
  return {
    resourceSpans: request.resourceSpans.map((rs) => ({
      resource: { attributes: kv(rs.resource.attributes) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: { name: ss.scope.name, version: ss.scope.version },
        spans: ss.spans.map((span) => ({
          traceId: span.traceId,
          spanId: span.spanId,
          ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
          name: span.name,
          startTimeUnixNano: span.startTimeUnixNano.toString(),
          endTimeUnixNano: span.endTimeUnixNano.toString(),
          status: span.status.message ? { code: span.status.code, message: span.status.message } : { code: span.status.code },
          attributes: kv(span.attributes),
          ...(span.events.length > 0
            ? { events: span.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano.toString(), attributes: kv(e.attributes) })) }
            : {}),
        })),
      })),
    })),
  };
}

function toAnyValue(value: unknown): Record<string, unknown> {
  if (typeof value === "string") return { stringValue: value };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(toAnyValue) } };
  return { kvlistValue: value };
}
