import type { SpanView } from "@sightline/core";
import { parseTimestampMicros } from "./time";

export interface SpanTreeNode {
  span: SpanView;
  children: SpanTreeNode[];
  depth: number;
  /** The span names a parent that is not in this trace (lost, late, or filtered out). */
  orphan: boolean;
  startUs: number;
  /** How many spans sit below this one (shown on a collapsed row). */
  descendantCount: number;
}

/**
 * Builds the span forest of a trace. Spans without a parent, and spans whose parent is
 * not in the trace, are roots (the latter flagged as orphans, so nothing is hidden).
 * Siblings are ordered by start time, then name, then span id, so the order is stable
 * whatever order the store returned. Duplicate span ids keep the first occurrence, and
 * parent cycles (malformed input) are broken by promoting the cycle's earliest span.
 */
export function buildSpanTree(spans: readonly SpanView[]): SpanTreeNode[] {
  const nodes = new Map<string, SpanTreeNode>();
  for (const span of spans) {
    if (nodes.has(span.spanId)) continue;
    nodes.set(span.spanId, {
      span,
      children: [],
      depth: 0,
      orphan: false,
      startUs: startMicros(span),
      descendantCount: 0,
    });
  }

  const roots: SpanTreeNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span.parentSpanId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent && parent !== node) {
      parent.children.push(node);
    } else {
      node.orphan = Boolean(parentId);
      roots.push(node);
    }
  }

  // Nodes on a parent cycle are reachable from no root: promote them, earliest first.
  const reached = new Set<SpanTreeNode>();
  const markReached = (node: SpanTreeNode) => {
    const stack = [node];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (reached.has(current)) continue;
      reached.add(current);
      stack.push(...current.children);
    }
  };
  roots.forEach(markReached);
  const unreached = [...nodes.values()].filter((n) => !reached.has(n)).sort(compareNodes);
  for (const node of unreached) {
    if (reached.has(node)) continue;
    const parent = nodes.get(node.span.parentSpanId ?? "");
    if (parent) parent.children = parent.children.filter((c) => c !== node);
    node.orphan = true;
    roots.push(node);
    markReached(node);
  }

  const finish = (list: SpanTreeNode[], depth: number): number => {
    list.sort(compareNodes);
    let count = 0;
    for (const node of list) {
      node.depth = depth;
      node.descendantCount = finish(node.children, depth + 1);
      count += 1 + node.descendantCount;
    }
    return count;
  };
  finish(roots, 0);
  return roots;
}

function startMicros(span: SpanView): number {
  const us = parseTimestampMicros(span.startTime);
  return Number.isNaN(us) ? Number.POSITIVE_INFINITY : us;
}

function compareNodes(a: SpanTreeNode, b: SpanTreeNode): number {
  if (a.startUs !== b.startUs) return a.startUs < b.startUs ? -1 : 1;
  // Orphans go after true roots starting at the same instant.
  if (a.orphan !== b.orphan) return a.orphan ? 1 : -1;
  return a.span.name.localeCompare(b.span.name) || a.span.spanId.localeCompare(b.span.spanId);
}

export interface VisibleSpanRow {
  node: SpanTreeNode;
  hasChildren: boolean;
  expanded: boolean;
}

/** Depth-first rows of the tree, skipping the children of collapsed spans. */
export function visibleRows(roots: readonly SpanTreeNode[], collapsed: ReadonlySet<string>): VisibleSpanRow[] {
  const rows: VisibleSpanRow[] = [];
  const visit = (node: SpanTreeNode) => {
    const expanded = !collapsed.has(node.span.spanId);
    rows.push({ node, hasChildren: node.children.length > 0, expanded });
    if (expanded) node.children.forEach(visit);
  };
  roots.forEach(visit);
  return rows;
}

/** Span ids from the root down to `spanId` (exclusive), to expand a selected span's ancestors. */
export function ancestorIds(roots: readonly SpanTreeNode[], spanId: string): string[] {
  const path: string[] = [];
  const walk = (list: readonly SpanTreeNode[]): boolean => {
    for (const node of list) {
      if (node.span.spanId === spanId) return true;
      path.push(node.span.spanId);
      if (walk(node.children)) return true;
      path.pop();
    }
    return false;
  };
  return walk(roots) ? path : [];
}

/** Index of the nearest row above `index` that is shallower (the parent); `index` itself at a root. */
export function parentRowIndex(rows: readonly VisibleSpanRow[], index: number): number {
  const depth = rows[index]?.node.depth ?? 0;
  for (let i = index - 1; i >= 0; i--) if ((rows[i]?.node.depth ?? 0) < depth) return i;
  return index;
}
