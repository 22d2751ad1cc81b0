import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { decodeTraceRequest, mapTraceRequest, type CanonicalSpan } from "../../src/index";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

/**
 * Decodes and maps a captured fixture (`test/fixtures/<lib>/<name>.json`, an OTLP/JSON body
 * the library produced; see test/capture/). Every span must map: none rejected.
 */
export function mapFixture(path: string): CanonicalSpan[] {
  const body = new TextEncoder().encode(readFileSync(join(FIXTURES, path), "utf8"));
  const result = mapTraceRequest(decodeTraceRequest(body, "json"), { projectId: "fixtures" });
  expect(result.rejected.count).toBe(0);
  return result.spans;
}

/** The one span with this name (fails the test when there is not exactly one). */
export function byName(spans: CanonicalSpan[], name: string): CanonicalSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found, `spans named ${name}`).toHaveLength(1);
  return found[0]!;
}

/** Every role of a message list (input or output). */
export function roles(messages: unknown): string[] {
  expect(Array.isArray(messages)).toBe(true);
  return (messages as { role: string }[]).map((m) => m.role);
}
