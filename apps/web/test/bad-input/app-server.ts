import http from "node:http";
import type { AddressInfo } from "node:net";
import nextConfig from "../../next.config";

/**
 * The app's public route handlers (the same modules `next start` runs) behind a real
 * HTTP server on a free port, so tests speak HTTP over a socket: real Content-Length and
 * chunked uploads, early answers to oversized bodies, gzip on the wire. The `/v1/*`
 * paths go through the rewrites of next.config.ts, as in Next. Import this only after
 * the test has set SIGHTLINE_DATA_DIR and friends: the stores open on first request.
 */
export interface AppServer {
  url: string;
  /** Exceptions that escaped a route handler (Next would answer those with a bare 500). */
  escaped: unknown[];
  close(): Promise<void>;
}

type Handler = (req: Request, params: Record<string, string>) => Promise<Response>;
interface Route {
  method: string;
  path: RegExp;
  handler: Handler;
}

export async function startAppServer(): Promise<AppServer> {
  const traces = await import("@/app/api/public/otel/v1/traces/route");
  const metrics = await import("@/app/api/public/otel/v1/metrics/route");
  const logs = await import("@/app/api/public/otel/v1/logs/route");
  const list = await import("@/app/api/public/traces/route");
  const detail = await import("@/app/api/public/traces/[traceId]/route");
  const health = await import("@/app/api/health/route");
  const routes: Route[] = [
    { method: "POST", path: /^\/api\/public\/otel\/v1\/traces$/, handler: (req) => traces.POST(req) },
    { method: "POST", path: /^\/api\/public\/otel\/v1\/metrics$/, handler: (req) => metrics.POST(req) },
    { method: "POST", path: /^\/api\/public\/otel\/v1\/logs$/, handler: (req) => logs.POST(req) },
    { method: "GET", path: /^\/api\/public\/traces$/, handler: (req) => list.GET(req) },
    {
      method: "GET",
      path: /^\/api\/public\/traces\/(?<traceId>[^/]+)$/,
      handler: (req, params) => detail.GET(req, { params: Promise.resolve({ traceId: params.traceId! }) }),
    },
    { method: "GET", path: /^\/api\/health$/, handler: () => health.GET() },
  ];
  const rewrites = await loadRewrites();
  const escaped: unknown[] = [];

  const server = http.createServer((incoming, outgoing) => {
    void serve(incoming, outgoing, routes, rewrites, escaped);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    escaped,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(incoming: http.IncomingMessage, outgoing: http.ServerResponse, routes: Route[], rewrites: Rewrite[], escaped: unknown[]) {
  const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
  const pathname = rewrite(url.pathname, rewrites);
  const match = routes.map((route) => ({ route, found: route.method === incoming.method ? route.path.exec(pathname) : null })).find((m) => m.found);
  if (!match) {
    incoming.resume();
    outgoing.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  // As Next does: the Node request stream itself is the body (undici reads it lazily).
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const request = new Request(url, { method: incoming.method, headers, ...(hasBody ? { body: incoming as unknown as BodyInit, duplex: "half" } : {}) } as RequestInit);
  let response: Response;
  try {
    response = await match.route.handler(request, match.found!.groups ?? {});
  } catch (error) {
    escaped.push(error);
    response = new Response("Internal Server Error", { status: 500 });
  }
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => outgoing.setHeader(name, value));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

interface Rewrite {
  source: RegExp;
  destination: string;
}

/** next.config.ts rewrites, for the path forms it uses (`/x/:name` and `/x/:name(a|b)`). */
async function loadRewrites(): Promise<Rewrite[]> {
  const configured = await nextConfig.rewrites?.();
  const list = Array.isArray(configured) ? configured : [...(configured?.beforeFiles ?? []), ...(configured?.afterFiles ?? []), ...(configured?.fallback ?? [])];
  return list.map((r) => ({
    source: new RegExp(`^${r.source.replace(/:(\w+)\(([^)]+)\)/g, "(?<$1>$2)").replace(/:(\w+)(?![\w(])/g, "(?<$1>[^/]+)")}$`),
    destination: r.destination,
  }));
}

function rewrite(pathname: string, rewrites: Rewrite[]): string {
  for (const r of rewrites) {
    const found = r.source.exec(pathname);
    if (found) return r.destination.replace(/:(\w+)/g, (_, name: string) => found.groups?.[name] ?? "");
  }
  return pathname;
}
