import { describe, expect, it } from "vitest";
import { spanView } from "./__fixtures__/span-view";
import { ancestorIds, buildSpanTree, parentRowIndex, visibleRows } from "./span-tree";

/** Rows of the fully expanded tree as "depth:spanId" strings, to compare whole shapes. */
function shape(spans: Parameters<typeof buildSpanTree>[0], collapsed: string[] = []): string[] {
  return visibleRows(buildSpanTree(spans), new Set(collapsed)).map((r) => `${r.node.depth}:${r.node.span.spanId}`);
}

describe("buildSpanTree", () => {
  it("nests children under parents and orders siblings by start time, whatever the input order", () => {
    const spans = [
      spanView({ spanId: "llm", parentSpanId: "root", startMs: 50 }),
      spanView({ spanId: "retrieve", parentSpanId: "root", startMs: 5 }),
      spanView({ spanId: "embed", parentSpanId: "retrieve", startMs: 6 }),
      spanView({ spanId: "root", startMs: 0, durationMs: 100 }),
    ];
    expect(shape(spans)).toEqual(["0:root", "1:retrieve", "2:embed", "1:llm"]);
  });

  it("breaks start-time ties by name, then span id, so the order is stable", () => {
    const spans = [
      spanView({ spanId: "b2", name: "beta", parentSpanId: "root", startMs: 1 }),
      spanView({ spanId: "a1", name: "alpha", parentSpanId: "root", startMs: 1 }),
      spanView({ spanId: "b1", name: "beta", parentSpanId: "root", startMs: 1 }),
      spanView({ spanId: "root" }),
    ];
    expect(shape(spans)).toEqual(["0:root", "1:a1", "1:b1", "1:b2"]);
  });

  it("shows spans whose parent is not in the trace at the root, flagged as orphans", () => {
    const roots = buildSpanTree([
      spanView({ spanId: "root", startMs: 0 }),
      spanView({ spanId: "late-child", parentSpanId: "missing-parent", startMs: 3 }),
      spanView({ spanId: "grandchild", parentSpanId: "late-child", startMs: 4 }),
    ]);
    expect(roots.map((r) => [r.span.spanId, r.orphan])).toEqual([
      ["root", false],
      ["late-child", true],
    ]);
    expect(roots[1]?.children.map((c) => c.span.spanId)).toEqual(["grandchild"]);
    expect(roots[1]?.children[0]?.orphan).toBe(false);
  });

  it("keeps several true roots (a trace continued by another service) in time order", () => {
    expect(shape([spanView({ spanId: "second", startMs: 20 }), spanView({ spanId: "first", startMs: 0 })])).toEqual([
      "0:first",
      "0:second",
    ]);
  });

  it("keeps the first of duplicate span ids (a retried export)", () => {
    const roots = buildSpanTree([
      spanView({ spanId: "root", name: "original" }),
      spanView({ spanId: "root", name: "duplicate" }),
    ]);
    expect(roots).toHaveLength(1);
    expect(roots[0]?.span.name).toBe("original");
  });

  it("breaks parent cycles instead of losing the spans on them", () => {
    const spans = [
      spanView({ spanId: "a", parentSpanId: "b", startMs: 1 }),
      spanView({ spanId: "b", parentSpanId: "a", startMs: 2 }),
      spanView({ spanId: "self", parentSpanId: "self", startMs: 3 }),
    ];
    const rows = shape(spans);
    expect(rows).toHaveLength(3);
    expect(rows).toEqual(["0:a", "1:b", "0:self"]);
    expect(buildSpanTree(spans).every((root) => root.orphan)).toBe(true);
  });

  it("counts descendants for collapsed rows", () => {
    const [root] = buildSpanTree([
      spanView({ spanId: "root" }),
      spanView({ spanId: "c1", parentSpanId: "root", startMs: 1 }),
      spanView({ spanId: "c2", parentSpanId: "c1", startMs: 2 }),
      spanView({ spanId: "c3", parentSpanId: "root", startMs: 3 }),
    ]);
    expect(root?.descendantCount).toBe(3);
    expect(root?.children[0]?.descendantCount).toBe(1);
  });
});

describe("visibleRows, ancestorIds and parentRowIndex", () => {
  const spans = [
    spanView({ spanId: "root", startMs: 0 }),
    spanView({ spanId: "agent", parentSpanId: "root", startMs: 1 }),
    spanView({ spanId: "tool", parentSpanId: "agent", startMs: 2 }),
    spanView({ spanId: "llm", parentSpanId: "root", startMs: 3 }),
  ];

  it("hides the subtree of a collapsed span and reports its state", () => {
    const rows = visibleRows(buildSpanTree(spans), new Set(["agent"]));
    expect(rows.map((r) => r.node.span.spanId)).toEqual(["root", "agent", "llm"]);
    expect(rows[1]).toMatchObject({ hasChildren: true, expanded: false });
    expect(rows[2]).toMatchObject({ hasChildren: false, expanded: true });
  });

  it("lists the ancestors of a span from the root down", () => {
    const roots = buildSpanTree(spans);
    expect(ancestorIds(roots, "tool")).toEqual(["root", "agent"]);
    expect(ancestorIds(roots, "root")).toEqual([]);
    expect(ancestorIds(roots, "unknown")).toEqual([]);
  });

  it("finds the row of a span's parent among the visible rows", () => {
    const rows = visibleRows(buildSpanTree(spans), new Set());
    expect(parentRowIndex(rows, 2)).toBe(1); // tool → agent
    expect(parentRowIndex(rows, 3)).toBe(0); // llm → root
    expect(parentRowIndex(rows, 0)).toBe(0); // a root stays put
  });
});
