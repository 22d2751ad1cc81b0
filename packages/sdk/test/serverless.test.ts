import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaptureServer } from "./capture-server.js";
import { clientFor } from "./helpers.js";

let server: CaptureServer;
beforeEach(async () => {
  server = await CaptureServer.start();
});
afterEach(async () => {
  await server.close();
});

describe("serverless", () => {
  it("flushOnEnd: a trace's promise settles only after its spans were sent", async () => {
    const sightline = clientFor(server, { flushOnEnd: true });
    await sightline.trace("handler", async () => {
      await sightline.generation("llm", async () => {});
    });
    // No flush() call: the trace's own promise waited for delivery.
    expect(server.spans().map((s) => s.name).sort()).toEqual(["handler", "llm"]);

    await expect(
      sightline.trace("failing-handler", async () => {
        throw new Error("handler failed");
      }),
    ).rejects.toThrow("handler failed");
    expect(server.spans().map((s) => s.name)).toContain("failing-handler");
  });

  it("serverless(handler) sends spans and scores before the wrapped handler's promise settles, on success and failure", async () => {
    const sightline = clientFor(server);
    const handler = sightline.serverless(async (event: { id: string }) => {
      return sightline.trace("invocation", async (t) => {
        sightline.score({ traceId: t.traceId, name: "ok", value: true });
        if (event.id === "bad") throw new Error("bad event");
        return `done ${event.id}`;
      });
    });
    expect(await handler({ id: "1" })).toBe("done 1");
    expect(server.spans().map((s) => s.name)).toEqual(["invocation"]);
    expect(server.scores()).toHaveLength(1);
    await expect(handler({ id: "bad" })).rejects.toThrow("bad event");
    expect(server.spans()).toHaveLength(2);
    expect(server.scores()).toHaveLength(2);
  });
});
