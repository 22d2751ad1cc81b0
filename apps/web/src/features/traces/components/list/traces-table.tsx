"use client";

import type { TraceSummary } from "@sightline/core";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { formatDuration, formatRelative, formatTimestamp, formatTokens } from "../../lib/format";
import { StatusBadge } from "../common/status-badge";
import { CostText } from "@/features/models/components/cost-text";
import { traceCostDisplay } from "@/features/models/lib/cost-display";

export const TRACE_TABLE_COLUMNS = [
  "Time",
  "Name",
  "Duration",
  "Spans",
  "Tokens",
  "Cost",
  "User",
  "Session",
  "Release / version",
  "Status",
] as const;

export function traceHref(projectId: string, traceId: string): string {
  return `/project/${encodeURIComponent(projectId)}/traces/${traceId}`;
}

/**
 * The trace list. Rows are focusable; Enter (or a click) opens a trace, j/k and the
 * arrow keys move between rows, and the name is a real link (open in a new tab works).
 */
export function TracesTable({ projectId, traces }: { projectId: string; traces: TraceSummary[] }) {
  const router = useRouter();
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const [selected, setSelected] = useState(-1);
  const now = new Date();

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(traces.length - 1, index));
    setSelected(clamped);
    rowRefs.current[clamped]?.focus();
  };

  // j/k from anywhere on the page (not while typing in a field).
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (target?.closest("tr[data-testid='trace-row']")) return; // the row's own handler runs
      if (event.key === "j") focusRow(selected + 1);
      else if (event.key === "k") focusRow(selected <= 0 ? 0 : selected - 1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const open = (trace: TraceSummary, event?: MouseEvent) => {
    const href = traceHref(projectId, trace.traceId);
    if (event && (event.metaKey || event.ctrlKey)) window.open(href, "_blank", "noopener");
    else router.push(href);
  };

  const onRowKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, trace: TraceSummary) => {
    if (event.key === "Enter") {
      event.preventDefault();
      open(trace);
    } else if (event.key === "ArrowDown" || event.key === "j") {
      event.preventDefault();
      focusRow(index + 1);
    } else if (event.key === "ArrowUp" || event.key === "k") {
      event.preventDefault();
      focusRow(index - 1);
    }
  };

  return (
    <div className="overflow-x-auto rounded-lg border border-gray-200 bg-white shadow-xs">
      <table className="min-w-full text-left text-xs" data-testid="traces-table">
        <thead className="border-b border-gray-200 bg-gray-50 text-[11px] tracking-wide text-gray-500 uppercase">
          <tr>
            {TRACE_TABLE_COLUMNS.map((column) => (
              <th
                key={column}
                scope="col"
                className={`px-3 py-2 font-medium whitespace-nowrap ${isNumeric(column) ? "text-right" : ""}`}
              >
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {traces.map((trace, index) => {
            const error = trace.errorCount > 0;
            return (
              <tr
                key={trace.traceId}
                ref={(el) => {
                  rowRefs.current[index] = el;
                }}
                tabIndex={0}
                data-testid="trace-row"
                data-trace-id={trace.traceId}
                aria-selected={selected === index}
                onFocus={() => setSelected(index)}
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest("a")) return; // the link navigates itself
                  open(trace, e);
                }}
                onKeyDown={(e) => onRowKeyDown(e, index, trace)}
                className={`cursor-pointer outline-none hover:bg-gray-50 focus-visible:bg-indigo-50 aria-selected:bg-indigo-50/60 ${
                  error ? "shadow-[inset_2px_0_0_0_var(--color-red-500)]" : ""
                }`}
              >
                <td className="px-3 py-2 whitespace-nowrap text-gray-600 tabular-nums" title={trace.startTime}>
                  {formatTimestamp(trace.startTime, now)}
                  <span className="ml-1.5 text-gray-400">{formatRelative(trace.startTime, now)}</span>
                </td>
                <td className="max-w-72 px-3 py-2">
                  <Link
                    href={traceHref(projectId, trace.traceId)}
                    className="block truncate font-medium text-gray-900 hover:text-indigo-600"
                    title={trace.name || trace.traceId}
                    tabIndex={-1}
                  >
                    {trace.name || <span className="font-mono text-gray-500">{trace.traceId.slice(0, 16)}</span>}
                  </Link>
                  {trace.tags.length > 0 ? (
                    <div className="mt-0.5 flex flex-wrap gap-1">
                      {trace.tags.slice(0, 4).map((tag) => (
                        <span key={tag} className="rounded bg-gray-100 px-1 text-[10px] text-gray-600">
                          {tag}
                        </span>
                      ))}
                    </div>
                  ) : null}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-gray-900 tabular-nums">
                  {formatDuration(trace.durationMs)}
                </td>
                <td className="px-3 py-2 text-right text-gray-700 tabular-nums">
                  {trace.spanCount}
                  {error ? <span className="ml-1 text-red-600">({trace.errorCount}✕)</span> : null}
                </td>
                <td
                  className="px-3 py-2 text-right whitespace-nowrap text-gray-700 tabular-nums"
                  title={`input ${trace.usage.input} · output ${trace.usage.output}`}
                >
                  {formatTokens(trace.usage.total)}
                </td>
                <td className="px-3 py-2 text-right whitespace-nowrap text-gray-700 tabular-nums">
                  <CostText display={traceCostDisplay(trace)} />
                </td>
                <TextCell value={trace.userId} />
                <TextCell value={trace.sessionId} />
                <TextCell value={[trace.release, trace.version].filter(Boolean).join(" / ")} />
                <td className="px-3 py-2">
                  <StatusBadge status={error ? "error" : "ok"} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function TextCell({ value }: { value: string }) {
  return (
    <td className="max-w-40 truncate px-3 py-2 font-mono text-[11px] text-gray-600" title={value || undefined}>
      {value || <span className="text-gray-300">–</span>}
    </td>
  );
}

function isNumeric(column: (typeof TRACE_TABLE_COLUMNS)[number]): boolean {
  return column === "Duration" || column === "Spans" || column === "Tokens" || column === "Cost";
}

/** Placeholder rows with the table's shape while the first page loads. */
export function TracesTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div
      className="overflow-hidden rounded-lg border border-gray-200 bg-white shadow-xs"
      data-testid="traces-loading"
      role="status"
      aria-label="Loading traces"
    >
      <div className="border-b border-gray-200 bg-gray-50 px-3 py-2.5">
        <div className="h-2.5 w-1/3 rounded bg-gray-200" />
      </div>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex animate-pulse items-center gap-4 border-b border-gray-100 px-3 py-2.5 last:border-0">
          <div className="h-3 w-24 rounded bg-gray-100" />
          <div className="h-3 w-48 rounded bg-gray-200" />
          <div className="ml-auto h-3 w-12 rounded bg-gray-100" />
          <div className="h-3 w-8 rounded bg-gray-100" />
          <div className="h-3 w-14 rounded bg-gray-100" />
          <div className="h-3 w-20 rounded bg-gray-100" />
          <div className="h-4 w-10 rounded-full bg-gray-100" />
        </div>
      ))}
    </div>
  );
}
