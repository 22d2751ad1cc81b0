import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Sightline, type SightlineExportError } from "../src/index.js";
import { CaptureServer } from "./capture-server.js";
import { clientFor, PUBLIC_KEY, SECRET_KEY } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await server.close();
});

describe("the request", () => {
  it("posts OTLP/protobuf by default to /api/public/otel/v1/traces", async () => {
    const sightline = clientFor(server);
    sightline.span("one", () => {});
    await sightline.flush();
    expect(server.requests[0]!.headers["content-type"]).toBe("application/x-protobuf");
    expect(server.spans().map((s) => s.name)).toEqual(["one"]);
  });

  it("posts OTLP/JSON (format: json) to /api/public/otel/v1/traces with Basic auth", async () => {
    const sightline = clientFor(server, { serviceName: "checkout", format: "json" });
    sightline.span("one", () => {});
    await sightline.flush();
    const [request] = server.requests;
    expect(request!.method).toBe("POST");
    expect(request!.path).toBe("/api/public/otel/v1/traces");
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.headers.authorization).toBe(`Basic ${Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString("base64")}`);
    const resource = request!.json.resourceSpans[0]!;
    expect(resource.resource.attributes).toEqual(
      expect.arrayContaining([
        { key: "service.name", value: { stringValue: "checkout" } },
        { key: "telemetry.sdk.name", value: { stringValue: "sightline" } },
        { key: "telemetry.sdk.language", value: { stringValue: "nodejs" } },
      ]),
    );
    expect(resource.scopeSpans[0]!.scope.name).toBe("@sightline/sdk");
  });

  it("reads the connection from SIGHTLINE_* env variables", async () => {
    vi.stubEnv("SIGHTLINE_BASE_URL", `${server.url}/`);
    vi.stubEnv("SIGHTLINE_PUBLIC_KEY", "pk-env");
    vi.stubEnv("SIGHTLINE_SECRET_KEY", "sk-env");
    const sightline = new Sightline();
    sightline.span("from-env", () => {});
    await sightline.shutdown();
    expect(server.requests[0]!.path).toBe("/api/public/otel/v1/traces");
    expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from("pk-env:sk-env").toString("base64")}`);
  });

  it("without a configuration it warns once, sends nothing and never throws", async () => {
    vi.stubEnv("SIGHTLINE_BASE_URL", "");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const sightline = new Sightline({ publicKey: "pk", secretKey: "sk" });
    expect(await sightline.trace("t", async () => "still runs")).toBe("still runs");
    await sightline.shutdown();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("missing baseUrl");
  });
});

describe("retries and failures", () => {
  it("retries a 503 (honouring Retry-After) and then succeeds", async () => {
    server.respondWith({ status: 503, headers: { "retry-after": "0" }, body: JSON.stringify({ message: "busy" }) });
    const sightline = clientFor(server);
    sightline.span("a", () => {});
    sightline.span("b", () => {});
    await sightline.flush();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.body.equals(server.requests[0]!.body)).toBe(true);
    expect(sightline.stats()).toMatchObject({ sent: 2, dropped: 0, failed: 0, retried: 1 });
  });

  it.each([429, 502, 504])("retries %i with backoff", async (status) => {
    server.respondWith({ status }, { status });
    const sightline = clientFor(server);
    sightline.span("a", () => {});
    await sightline.flush();
    expect(server.requests).toHaveLength(3);
    expect(sightline.stats()).toMatchObject({ sent: 1, dropped: 0, failed: 0, retried: 2 });
  });

  it.each([400, 401, 413])("does not retry %i, counts the spans as failed and reports the server's reason", async (status) => {
    server.respondWith({ status, body: JSON.stringify({ code: 3, message: `reason for ${status}` }) });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: SightlineExportError[] = [];
    const sightline = clientFor(server, { onError: (e) => errors.push(e) });
    sightline.span("a", () => {});
    sightline.span("b", () => {});
    await sightline.flush();
    expect(server.requests).toHaveLength(1);
    expect(sightline.stats()).toMatchObject({ sent: 0, dropped: 0, failed: 2, retried: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.status).toBe(status);
    expect(errors[0]!.spanCount).toBe(2);
    expect(errors[0]!.message).toContain(`reason for ${status}`);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("counts spans the server rejected in a partial success as failed", async () => {
    server.respondWith({ status: 200, body: JSON.stringify({ partialSuccess: { rejectedSpans: "1", errorMessage: "span x: bad ids" } }) });
    const errors: SightlineExportError[] = [];
    const sightline = clientFor(server, { onError: (e) => errors.push(e) });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const name of ["a", "b", "c"]) sightline.span(name, () => {});
    await sightline.flush();
    expect(server.requests).toHaveLength(1);
    expect(sightline.stats()).toMatchObject({ sent: 2, dropped: 0, failed: 1, retried: 0 });
    expect(errors[0]!.message).toContain("bad ids");
  });

  it("never throws into the app when the server is unreachable; warns once, reports each failure, counts", async () => {
    const unreachable = await CaptureServer.start();
    const url = unreachable.url;
    await unreachable.close(); // nothing listens on that port any more
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: SightlineExportError[] = [];
    const sightline = new Sightline({
      baseUrl: url,
      publicKey: PUBLIC_KEY,
      secretKey: SECRET_KEY,
      maxRetries: 2,
      retryBaseDelayMs: 1,
      onError: (e) => {
        errors.push(e);
        throw new Error("a throwing onError must not escape either");
      },
    });
    const answer = await sightline.trace("root", async () => {
      await sightline.generation("llm", async () => {});
      return 42;
    });
    await sightline.flush();
    sightline.span("again", () => {});
    await sightline.shutdown();

    expect(answer).toBe(42);
    expect(sightline.stats()).toMatchObject({ sent: 0, dropped: 0, failed: 3, retried: 4 });
    expect(errors).toHaveLength(2);
    expect(errors[0]!.message).toMatch(/could not reach .* \(gave up on 2 span\(s\) after 3 attempts\)/);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("gives up on a request that never answers after timeoutMs", async () => {
    server.respondWith({ status: 200, hang: true });
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: SightlineExportError[] = [];
    const sightline = clientFor(server, { timeoutMs: 50, maxRetries: 0, onError: (e) => errors.push(e) });
    sightline.span("slow", () => {});
    await sightline.flush();
    expect(sightline.stats().failed).toBe(1);
    expect(errors[0]!.message).toContain("timed out after 50 ms");
  });
});
