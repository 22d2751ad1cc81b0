import http from "node:http";
import type { AddressInfo } from "node:net";
import type { OtlpSignal } from "@sightline/core";
import { serveOtlp } from "./handle-otlp";

/**
 * OTLP/HTTP on its own port (4318, the standard one, by default), served by the same
 * handler as the app's /v1/* routes but straight from `node:http`: no page routing, no
 * rewrites, no web-stream wrapping on the hottest path. OpenTelemetry exporters send to
 * http://<host>:4318/v1/traces when nothing else is configured.
 */
export const DEFAULT_OTLP_PORT = 4318;

const SIGNALS = new Map<string, OtlpSignal>([
  ["/v1/traces", "traces"],
  ["/v1/metrics", "metrics"],
  ["/v1/logs", "logs"],
  ["/api/public/otel/v1/traces", "traces"],
  ["/api/public/otel/v1/metrics", "metrics"],
  ["/api/public/otel/v1/logs", "logs"],
]);

/** SIGHTLINE_OTLP_PORT: unset = 4318, `off` = no OTLP port, 0 = any free port. */
export function otlpPortFromEnv(env: Record<string, string | undefined> = process.env): number | null {
  const configured = env.SIGHTLINE_OTLP_PORT?.trim();
  if (configured === undefined || configured === "") return DEFAULT_OTLP_PORT;
  if (configured.toLowerCase() === "off") return null;
  const port = Number(configured);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SIGHTLINE_OTLP_PORT must be a port number (0–65535) or "off", got "${configured}"`);
  return port;
}

export interface OtlpListener {
  port: number;
  close(): Promise<void>;
}

export async function startOtlpListener(options: { port: number; host?: string }): Promise<OtlpListener> {
  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      console.error("[ingest] OTLP port: unexpected failure:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ code: 13, message: "Internal error." }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    // Stops accepting; requests in flight get up to 5 s to be answered.
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), 5_000);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = (req.url ?? "/").split("?", 1)[0]!;
  const signal = SIGNALS.get(path);
  if (!signal) return plain(res, 404, `No OTLP endpoint at ${path.slice(0, 200)}: POST to /v1/traces, /v1/metrics or /v1/logs.`);
  if (req.method !== "POST") return plain(res, 405, `Use POST for ${path}.`, { allow: "POST" });

  const reply = await serveOtlp(
    {
      header: (name) => {
        const value = req.headers[name];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
      // Not destroyed when reading stops early (413, bad gzip): the answer still goes out.
      body: req.iterator({ destroyOnReturn: false }),
    },
    signal,
  );
  // A body left unread (refused early) is not drained: the connection closes after the answer.
  const headers = req.complete ? reply.headers : { ...reply.headers, connection: "close" };
  res.writeHead(reply.status, { ...headers, "content-length": String(reply.body.byteLength) });
  res.end(reply.body);
}

function plain(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ code: status === 404 ? 5 : 12, message });
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}
