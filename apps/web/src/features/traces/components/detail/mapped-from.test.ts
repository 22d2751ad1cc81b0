import { describe, expect, it } from "vitest";
import { groupMappedFrom } from "./mapped-from";

describe("groupMappedFrom", () => {
  it("groups fields by convention in precedence order, fields in panel order", () => {
    expect(
      groupMappedFrom({
        output: "vercel_ai",
        "usage.input": "gen_ai",
        kind: "vercel_ai",
        model: "gen_ai",
        sessionId: "langfuse",
        cost: "computed",
        input: "vercel_ai",
      }),
    ).toEqual([
      { convention: "gen_ai", label: "OTel GenAI", fields: ["model", "input tokens"] },
      { convention: "vercel_ai", label: "Vercel AI SDK", fields: ["kind", "input", "output"] },
      { convention: "langfuse", label: "Langfuse", fields: ["session"] },
      { convention: "computed", label: "Computed by Sightline", fields: ["cost"] },
    ]);
  });

  it("keeps unknown conventions and fields (after the known ones) and skips non-string values", () => {
    expect(groupMappedFrom({ zeta: "future_convention", kind: "otel", alpha: "future_convention", broken: 3, empty: "" })).toEqual([
      { convention: "otel", label: "OpenTelemetry", fields: ["kind"] },
      { convention: "future_convention", label: "future_convention", fields: ["alpha", "zeta"] },
    ]);
  });

  it("is empty for an empty record", () => {
    expect(groupMappedFrom({})).toEqual([]);
  });
});
