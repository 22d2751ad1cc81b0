"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/button";
import { ErrorMessage } from "@/components/error-message";
import { useTRPC } from "@/lib/trpc/client";
import { ancestorIds, buildSpanTree, visibleRows } from "../../lib/span-tree";
import { traceWindow } from "../../lib/waterfall";
import { traceFromWire } from "../../lib/wire";
import { SpanPanel } from "./span-panel";
import { SpanTree } from "./span-tree";
import { TraceDetailSkeleton } from "./trace-detail-skeleton";
import { TraceHeader } from "./trace-header";
import { TraceNotFound } from "./trace-not-found";
import { useSelectedSpanParam } from "./use-selected-span";

/** One trace: header, span tree with waterfall on the left, the selected span on the right. */
export function TraceDetailView({ projectId, traceId }: { projectId: string; traceId: string }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.traces.byId.queryOptions(
      { projectId, traceId },
      { retry: (failures, error) => error.data?.code !== "NOT_FOUND" && failures < 2 },
    ),
  );
  const [selectedParam, selectSpan] = useSelectedSpanParam();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());

  const trace = useMemo(() => (query.data ? traceFromWire(query.data) : undefined), [query.data]);
  const spans = trace?.spans;
  const roots = useMemo(() => buildSpanTree(spans ?? []), [spans]);
  const timeWindow = useMemo(() => traceWindow(spans ?? []), [spans]);
  const rows = useMemo(() => visibleRows(roots, collapsed), [roots, collapsed]);
  const selectedSpan =
    (selectedParam ? spans?.find((s) => s.spanId === selectedParam) : undefined) ?? roots[0]?.span ?? null;
  const selectedId = selectedSpan?.spanId ?? null;

  // A span selected by link may sit under a collapsed parent: open the way to it.
  useEffect(() => {
    if (!selectedId) return;
    const path = ancestorIds(roots, selectedId);
    setCollapsed((prev) => (path.some((id) => prev.has(id)) ? new Set([...prev].filter((id) => !path.includes(id))) : prev));
  }, [selectedId, roots]);

  if (query.isPending) return <TraceDetailSkeleton />;
  if (query.isError) {
    if (query.error.data?.code === "NOT_FOUND") return <TraceNotFound projectId={projectId} traceId={traceId} />;
    return (
      <div className="space-y-3" data-testid="trace-error">
        <ErrorMessage title="Could not load this trace" message={query.error.message} />
        <Button variant="secondary" size="sm" onClick={() => void query.refetch()}>
          Try again
        </Button>
      </div>
    );
  }

  if (!trace) return <TraceDetailSkeleton />;
  const toggle = (spanId: string, expand: boolean) => {
    // Collapsing over the selection moves the selection up to the collapsed span.
    if (!expand && selectedId && ancestorIds(roots, selectedId).includes(spanId)) selectSpan(spanId);
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (expand) next.delete(spanId);
      else next.add(spanId);
      return next;
    });
  };

  return (
    <div className="space-y-4">
      <TraceHeader trace={trace} projectId={projectId} />
      {trace.spans.length === 0 ? (
        <p className="text-sm text-gray-500">This trace has no spans.</p>
      ) : (
        <div className="grid gap-4 lg:h-[calc(100vh-15rem)] lg:min-h-[28rem] lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
          <SpanTree
            rows={rows}
            timeWindow={timeWindow}
            selectedId={selectedId}
            onSelect={selectSpan}
            onToggle={toggle}
          />
          {selectedSpan ? <SpanPanel key={selectedSpan.spanId} span={selectedSpan} timeWindow={timeWindow} /> : null}
        </div>
      )}
    </div>
  );
}
