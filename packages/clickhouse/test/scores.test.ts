import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NewScore } from "@sightline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClickHouse, type ClickHouseStore } from "../src/index";

// Scores written and read back through the public store API on embedded ClickHouse (chdb).

let dataDir: string;
let store: ClickHouseStore;
const projectId = "project-scores";
const BASE_MS = Date.UTC(2026, 10, 23, 10, 0, 0, 0);
const trace = (seed: string) => seed.repeat(32).slice(0, 32);

function score(overrides: Partial<NewScore> & Pick<NewScore, "id" | "traceId">): NewScore {
  return { spanId: null, name: "helpfulness", dataType: "numeric", value: 0.5, comment: null, source: "api", timestampMs: BASE_MS, ...overrides };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "sl-scores-"));
  store = await openClickHouse({ dataDir });
});

afterAll(async () => {
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("scores", () => {
  it("round-trips every data type, span-level scores, comments, source and author", async () => {
    const traceId = trace("a1");
    await store.scores.insert(projectId, "pk-sl-author", [
      score({ id: "n", traceId, value: 0.25, comment: "close, but <b>not</b> quite\nsecond line", timestampMs: BASE_MS + 3 }),
      score({ id: "b", traceId, name: "thumbs-up", dataType: "boolean", value: false, source: "sdk", timestampMs: BASE_MS + 1 }),
      score({ id: "c", traceId, name: "topic", dataType: "categorical", value: "billing", spanId: "00f067aa0ba902b7", source: "eval", timestampMs: BASE_MS + 2 }),
      score({ id: "t", traceId, name: "thumbs-up", dataType: "boolean", value: true, timestampMs: BASE_MS + 4 }),
    ]);

    const scores = await store.scores.listByTrace(projectId, traceId);
    expect(scores.map((s) => s.id)).toEqual(["b", "c", "n", "t"]); // by timestamp
    expect(scores[0]).toEqual({
      id: "b",
      traceId,
      spanId: null,
      name: "thumbs-up",
      dataType: "boolean",
      value: false,
      comment: null,
      source: "sdk",
      author: "pk-sl-author",
      timestamp: "2026-11-23T10:00:00.001000Z",
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
    });
    expect(scores[1]).toMatchObject({ spanId: "00f067aa0ba902b7", dataType: "categorical", value: "billing", source: "eval" });
    expect(scores[2]).toMatchObject({ dataType: "numeric", value: 0.25, comment: "close, but <b>not</b> quite\nsecond line" });
    expect(scores[3]).toMatchObject({ dataType: "boolean", value: true });
  });

  it("shows a retried score once, and a re-posted id as its latest version", async () => {
    const traceId = trace("b2");
    const first = score({ id: "retry-me", traceId, value: 1 });
    await store.scores.insert(projectId, "pk-a", [first]);
    await store.scores.insert(projectId, "pk-a", [first]); // a client retry after a timeout
    expect(await store.scores.listByTrace(projectId, traceId)).toHaveLength(1);

    await store.scores.insert(projectId, "pk-b", [{ ...first, value: 0, comment: "revised" }]);
    const [latest, ...rest] = await store.scores.listByTrace(projectId, traceId);
    expect(rest).toEqual([]);
    expect(latest).toMatchObject({ id: "retry-me", value: 0, comment: "revised", author: "pk-b" });
  });

  it("keeps the last of duplicate ids within one batch, and the same id on two traces apart", async () => {
    const [t1, t2] = [trace("c3"), trace("d4")];
    await store.scores.insert(projectId, "pk-a", [
      score({ id: "dup", traceId: t1, value: 1 }),
      score({ id: "dup", traceId: t1, value: 2 }),
      score({ id: "dup", traceId: t2, value: 3 }),
    ]);
    expect((await store.scores.listByTrace(projectId, t1)).map((s) => s.value)).toEqual([2]);
    expect((await store.scores.listByTrace(projectId, t2)).map((s) => s.value)).toEqual([3]);
  });

  it("never shows one project's scores to another, and treats ids as data, not SQL", async () => {
    const traceId = trace("e5");
    const sneaky = "x' OR '1'='1";
    await store.scores.insert(sneaky, "pk-a", [score({ id: "mine", traceId })]);
    expect(await store.scores.listByTrace(projectId, traceId)).toEqual([]);
    expect((await store.scores.listByTrace(sneaky, traceId)).map((s) => s.id)).toEqual(["mine"]);
    expect(await store.scores.listByTrace("x", traceId)).toEqual([]);
  });

  it("stores nothing for an empty batch and answers [] for a trace without scores", async () => {
    await store.scores.insert(projectId, "pk-a", []);
    expect(await store.scores.listByTrace(projectId, trace("f6"))).toEqual([]);
  });
});
