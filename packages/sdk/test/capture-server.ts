import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Captured {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server that records requests and answers with the queued statuses (then 200). */
export async function startCaptureServer(statuses: number[] = []) {
  const requests: Captured[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      requests.push({ headers: req.headers, body });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { "content-type": "application/json", ...(status === 503 ? { "retry-after": "0" } : {}) });
      res.end(status === 200 ? "{}" : JSON.stringify({ code: 3, message: "refused on purpose" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Every span of every request, flattened. */
    spans(): OtlpJsonSpan[] {
      return requests.flatMap((r) => JSON.parse(r.body).resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number; message?: string };
  attributes: { key: string; value: Record<string, unknown> }[];
}

export function attr(span: OtlpJsonSpan, key: string): unknown {
  const v = span.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  if ("stringValue" in v) return v.stringValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return v.doubleValue;
  if ("boolValue" in v) return v.boolValue;
  if ("arrayValue" in v) return (v.arrayValue as { values: { stringValue: string }[] }).values.map((x) => x.stringValue);
  return v;
}
