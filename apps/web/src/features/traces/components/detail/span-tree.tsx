"use client";

import { useEffect, useRef, type KeyboardEvent } from "react";
import { formatDuration } from "../../lib/format";
import { ERROR_BAR_CLASS, kindStyle } from "../../lib/kind-style";
import { parentRowIndex, type VisibleSpanRow } from "../../lib/span-tree";
import { axisTicks, barGeometry, type TraceWindow } from "../../lib/waterfall";
import { KindBadge } from "../common/kind-badge";

const INDENT_PX = 14;

/**
 * The trace's spans as a collapsible tree, each row carrying its bar on a waterfall
 * timeline. Keyboard: ↑/↓ (or k/j) move, ← collapses or goes to the parent, → expands
 * or goes to the first child, Home/End jump.
 */
export function SpanTree({
  rows,
  timeWindow,
  selectedId,
  onSelect,
  onToggle,
}: {
  rows: VisibleSpanRow[];
  timeWindow: TraceWindow;
  selectedId: string | null;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string, expand: boolean) => void;
}) {
  const rowRefs = useRef(new Map<string, HTMLDivElement>());
  const selectedIndex = rows.findIndex((r) => r.node.span.spanId === selectedId);

  useEffect(() => {
    if (selectedId) rowRefs.current.get(selectedId)?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const current = rows[selectedIndex];
    const move = (index: number) => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
      if (row) onSelect(row.node.span.spanId);
    };
    switch (event.key) {
      case "ArrowDown":
      case "j":
        move(selectedIndex + 1);
        break;
      case "ArrowUp":
      case "k":
        move(selectedIndex <= 0 ? 0 : selectedIndex - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(rows.length - 1);
        break;
      case "ArrowLeft":
        if (current?.hasChildren && current.expanded) onToggle(current.node.span.spanId, false);
        else if (current) move(parentRowIndex(rows, selectedIndex));
        break;
      case "ArrowRight":
        if (current?.hasChildren && !current.expanded) onToggle(current.node.span.spanId, true);
        else if (current?.hasChildren) move(selectedIndex + 1);
        break;
      case "Enter":
      case " ":
        if (current?.hasChildren) onToggle(current.node.span.spanId, !current.expanded);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="flex min-h-0 flex-col overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs">
      <div className="grid grid-cols-[minmax(0,1fr)_minmax(8rem,42%)] border-b border-gray-200 bg-gray-50 text-[11px] text-gray-500">
        <div className="px-3 py-1.5 font-medium tracking-wide uppercase">Span</div>
        <div className="relative h-full border-l border-gray-200" aria-hidden>
          {axisTicks(timeWindow).map((tick) => (
            <span
              key={tick.ms}
              className="absolute top-1.5 -translate-x-1/2 tabular-nums first:translate-x-0 last:-translate-x-full"
              style={{ left: `${tick.pct}%` }}
            >
              {tick.ms === 0 ? "0" : formatDuration(tick.ms)}
            </span>
          ))}
        </div>
      </div>
      <div
        role="tree"
        aria-label="Spans"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={selectedId ? rowDomId(selectedId) : undefined}
        data-testid="span-tree"
        className="min-h-0 flex-1 overflow-auto py-1 outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-inset"
      >
        {rows.map((row) => (
          <SpanRow
            key={row.node.span.spanId}
            row={row}
            timeWindow={timeWindow}
            selected={row.node.span.spanId === selectedId}
            onSelect={onSelect}
            onToggle={onToggle}
            rowRef={(el) => {
              if (el) rowRefs.current.set(row.node.span.spanId, el);
              else rowRefs.current.delete(row.node.span.spanId);
            }}
          />
        ))}
      </div>
    </div>
  );
}

function SpanRow({
  row,
  timeWindow,
  selected,
  onSelect,
  onToggle,
  rowRef,
}: {
  row: VisibleSpanRow;
  timeWindow: TraceWindow;
  selected: boolean;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string, expand: boolean) => void;
  rowRef: (el: HTMLDivElement | null) => void;
}) {
  const { node, hasChildren, expanded } = row;
  const { span } = node;
  const error = span.status === "error";
  const bar = barGeometry(span, timeWindow);
  return (
    <div
      ref={rowRef}
      id={rowDomId(span.spanId)}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={selected}
      aria-expanded={hasChildren ? expanded : undefined}
      data-testid="span-tree-node"
      data-span-id={span.spanId}
      data-kind={span.kind}
      data-status={span.status}
      data-depth={node.depth}
      onClick={() => onSelect(span.spanId)}
      className={`grid h-7 cursor-pointer grid-cols-[minmax(0,1fr)_minmax(8rem,42%)] items-stretch text-xs ${
        selected ? "bg-indigo-50 shadow-[inset_2px_0_0_0_var(--color-indigo-600)]" : "hover:bg-gray-50"
      }`}
    >
      <div className="flex min-w-0 items-center gap-1.5 pr-2" style={{ paddingLeft: 8 + node.depth * INDENT_PX }}>
        {hasChildren ? (
          <button
            type="button"
            tabIndex={-1}
            aria-label={expanded ? "Collapse" : "Expand"}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(span.spanId, !expanded);
            }}
            className="flex size-4 shrink-0 items-center justify-center rounded text-gray-500 hover:bg-gray-200"
          >
            <span aria-hidden className={`inline-block transition-transform ${expanded ? "rotate-90" : ""}`}>
              ▸
            </span>
          </button>
        ) : (
          <span className="size-4 shrink-0" />
        )}
        <KindBadge kind={span.kind} compact />
        <span className={`truncate ${error ? "text-red-700" : "text-gray-900"}`} title={span.name}>
          {span.name || <span className="text-gray-400">(unnamed)</span>}
        </span>
        {node.orphan ? (
          <span
            title={`Parent span ${span.parentSpanId ?? ""} is not in this trace`}
            data-testid="orphan-badge"
            className="shrink-0 rounded bg-amber-50 px-1 text-[10px] text-amber-700 ring-1 ring-amber-200 ring-inset"
          >
            orphan
          </span>
        ) : null}
        {hasChildren && !expanded ? (
          <span className="shrink-0 text-[10px] text-gray-400">+{node.descendantCount}</span>
        ) : null}
        {error ? <span aria-label="error" className="size-1.5 shrink-0 rounded-full bg-red-500" /> : null}
        <span className="ml-auto shrink-0 pl-2 text-gray-500 tabular-nums">{formatDuration(span.durationMs)}</span>
      </div>
      <div className="relative border-l border-gray-100">
        <div
          data-testid="waterfall-bar"
          title={`+${formatDuration(bar.startOffsetMs)} · ${formatDuration(span.durationMs)}`}
          className={`absolute top-2 h-3 rounded-sm ${error ? ERROR_BAR_CLASS : kindStyle(span.kind).bar} ${
            selected ? "ring-2 ring-indigo-300" : ""
          }`}
          style={{ left: `${bar.offsetPct}%`, width: `${bar.widthPct}%` }}
        />
      </div>
    </div>
  );
}

function rowDomId(spanId: string): string {
  return `span-row-${spanId}`;
}
