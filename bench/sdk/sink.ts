import http from "node:http";
import type { AddressInfo } from "node:net";
import { decodeTraceRequest } from "@sightline/core";

/**
 * The one local HTTP server every SDK sends to. It answers each protocol the way its real
 * server would (OTLP protobuf/JSON success, Langfuse's 207 ingestion response) at once,
 * and keeps the bodies to count spans/events after the run ({@link count}): decoding while
 * the child runs would take CPU from it and slow the sink into back-pressure.
 */
export class Sink {
  requests = 0;
  bytes = 0;
  private bodies: Array<{ kind: "ingestion" | "protobuf" | "json"; body: Buffer }> = [];
  private server!: http.Server;
  url = "";

  static async start(): Promise<Sink> {
    const sink = new Sink();
    sink.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => sink.answer(req, Buffer.concat(chunks), res));
    });
    sink.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => sink.server.listen(0, "127.0.0.1", resolve));
    sink.url = `http://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
    return sink;
  }

  reset(): void {
    this.requests = 0;
    this.bytes = 0;
    this.bodies = [];
  }

  /** Spans (OTLP) or events (Langfuse ingestion) received since the last reset. */
  count(): number {
    let items = 0;
    for (const { kind, body } of this.bodies) {
      try {
        if (kind === "ingestion") items += ((JSON.parse(body.toString("utf8")) as { batch?: unknown[] }).batch ?? []).length;
        else for (const rs of decodeTraceRequest(new Uint8Array(body), kind).resourceSpans) for (const ss of rs.scopeSpans) items += ss.spans.length;
      } catch {
        // an undecodable body counts as nothing
      }
    }
    return items;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    this.requests++;
    this.bytes += body.length;
    const url = req.url ?? "";
    if (url.includes("/api/public/ingestion")) {
      this.bodies.push({ kind: "ingestion", body });
      res.writeHead(207, { "content-type": "application/json" }).end('{"successes":[],"errors":[]}');
      return;
    }
    const protobuf = req.headers["content-type"] === "application/x-protobuf";
    this.bodies.push({ kind: protobuf ? "protobuf" : "json", body });
    if (protobuf) res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    else res.writeHead(200, { "content-type": "application/json" }).end("{}");
  }
}
