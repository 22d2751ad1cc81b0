import http from "node:http";
import https from "node:https";
import type { FetchLike, ResponseLike } from "./transport.js";

/**
 * POSTs with `node:http`/`node:https` and a keep-alive agent per protocol. Idle
 * keep-alive sockets are unref'd by Node's agent, so they never keep the process alive.
 */
export function createNodeTransport(): FetchLike {
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: 8 }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: 8 }),
  };
  return (input, init) =>
    new Promise<ResponseLike>((resolve, reject) => {
      const url = new URL(input);
      const protocol = url.protocol === "https:" ? "https:" : "http:";
      const body = typeof init.body === "string" ? Buffer.from(init.body, "utf8") : init.body;
      const request = (protocol === "https:" ? https : http).request(
        url,
        { method: init.method, headers: { ...init.headers, "Content-Length": String(body.byteLength) }, agent: agents[protocol], signal: init.signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const bytes = Buffer.concat(chunks);
            resolve({
              ok: status >= 200 && status < 300,
              status,
              headers: {
                get(name) {
                  const value = response.headers[name.toLowerCase()];
                  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
                },
              },
              arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
            });
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}
