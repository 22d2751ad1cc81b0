import { Agent, request } from "node:http";

/**
 * Posts OTLP/protobuf bodies to `<baseUrl>/v1/traces` over kept-alive sockets and checks
 * each answer is a full success (200, empty ExportTraceServiceResponse). node:http rather
 * than fetch: the load generator shares the machine's cores with the server under test,
 * and fetch (undici) cost it ~16 µs of CPU per span at 128 clients, a fifth of a core.
 */
export function otlpSender(baseUrl: string, authorization: string, maxSockets: number): { send(body: Uint8Array): Promise<void>; close(): void } {
  const url = new URL("/v1/traces", baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets });
  const post = (body: Uint8Array, fresh = false) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        url,
        { method: "POST", agent: fresh ? false : agent, headers: { "content-type": "application/x-protobuf", "content-length": body.byteLength, authorization } },
        (res) => {
          let bytes = 0;
          res.on("data", (chunk: Buffer) => (bytes += chunk.length));
          res.on("end", () => {
            if (res.statusCode !== 200 || bytes !== 0) reject(new Error(`ingest answered ${res.statusCode} (${bytes} bytes)`));
            else resolve();
          });
          res.on("error", reject);
        },
      );
      req.on("error", (error: NodeJS.ErrnoException) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  // A kept-alive socket the server closed as idle (its keepAliveTimeout) just as it was reused
  // fails with ECONNRESET: sent again once, on a new connection (the pool may hold more such
  // sockets), as clients do. Ingest is idempotent, so a body that did arrive lands once.
  const send = (body: Uint8Array) =>
    post(body).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      if (error.code === "ECONNRESET" && error.reusedSocket) return post(body, true);
      throw error;
    });
  return { send, close: () => agent.destroy() };
}
