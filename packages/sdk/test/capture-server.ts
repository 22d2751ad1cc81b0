import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json: OtlpJsonRequest;
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

  /** Every span of every request, in arrival order. */
  spans(): OtlpJsonSpan[] {
    return this.requests.flatMap((r) => r.json.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
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
      try {
        json = JSON.parse(body.toString("utf8")) as OtlpJsonRequest;
      } catch {
        // recorded as empty; the test looking at it will fail on its own terms
      }
      this.requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body, json });
      for (const wake of this.arrivalWaiters.splice(0)) wake();
      const canned = this.script.shift() ?? { status: 200, body: "{}" };
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
