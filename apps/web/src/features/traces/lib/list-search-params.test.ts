import { describe, expect, it } from "vitest";
import {
  countActiveFilters,
  EMPTY_LIST_STATE,
  parseListSearchParams,
  serializeListState,
  type TraceListUrlState,
} from "./list-search-params";

const parse = (query: string) => parseListSearchParams(new URLSearchParams(query));

describe("trace list URL state", () => {
  it("reads an empty query as the defaults and writes the defaults as an empty query", () => {
    expect(parse("")).toEqual(EMPTY_LIST_STATE);
    expect(serializeListState(EMPTY_LIST_STATE).toString()).toBe("");
  });

  it("round-trips filters, status and a preset range", () => {
    const state: TraceListUrlState = {
      range: { kind: "preset", key: "7d" },
      name: "answer question",
      userId: "user-1",
      sessionId: "s/1",
      release: "2025.01",
      version: "v2",
      status: "error",
    };
    const query = serializeListState(state).toString();
    expect(query).toBe("range=7d&name=answer+question&userId=user-1&sessionId=s%2F1&release=2025.01&version=v2&status=error");
    expect(parse(query)).toEqual(state);
  });

  it("round-trips a custom range as ISO instants", () => {
    const from = new Date("2025-01-01T10:00:00.000Z");
    const to = new Date("2025-01-02T10:00:00.000Z");
    const query = serializeListState({ ...EMPTY_LIST_STATE, range: { kind: "custom", from, to } }).toString();
    expect(query).toBe("range=custom&from=2025-01-01T10%3A00%3A00.000Z&to=2025-01-02T10%3A00%3A00.000Z");
    expect(parse(query).range).toEqual({ kind: "custom", from, to });
  });

  it("ignores values it cannot use instead of failing", () => {
    expect(parse("range=90y&status=maybe&from=garbage").range).toEqual(EMPTY_LIST_STATE.range);
    expect(parse("status=maybe").status).toBe("");
    expect(parse("range=custom&from=garbage").range).toEqual({ kind: "custom", from: null, to: null });
    expect(parse(`name=${"x".repeat(600)}`).name).toHaveLength(500);
    expect(parse("name=%20%20").name).toBe("");
  });

  it("counts the filters that narrow the list", () => {
    expect(countActiveFilters(EMPTY_LIST_STATE)).toBe(0);
    expect(countActiveFilters({ ...EMPTY_LIST_STATE, userId: "u", status: "ok" })).toBe(2);
  });
});
