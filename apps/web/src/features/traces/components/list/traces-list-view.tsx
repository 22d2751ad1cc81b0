"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { ErrorMessage } from "@/components/error-message";
import { useTRPC } from "@/lib/trpc/client";
import { countActiveFilters, EMPTY_LIST_STATE, type TraceListUrlState } from "../../lib/list-search-params";
import { describeTimeRange, resolveTimeRange } from "../../lib/time-range";
import { TimeRangePicker } from "./time-range-picker";
import { TraceFilters } from "./trace-filters";
import { TracesOnboarding } from "./traces-onboarding";
import { TracesTable, TracesTableSkeleton } from "./traces-table";
import { useListUrlState } from "./use-list-url-state";

const PAGE_SIZE = 50;

/** The traces page: time range, filters (all in the URL), the table and its states. */
export function TracesListView({ projectId, origin }: { projectId: string; origin: string }) {
  const trpc = useTRPC();
  const [state, setState] = useListUrlState();
  // "Now" for relative ranges, pinned so the query key is stable; moved by Refresh and
  // whenever the range changes.
  const rangeKey = JSON.stringify(state.range);
  const [anchor, setAnchor] = useState(() => ({ rangeKey, ms: Date.now() }));
  if (anchor.rangeKey !== rangeKey) setAnchor({ rangeKey, ms: Date.now() }); // derived state, set during render
  const anchorMs = anchor.ms;

  const input = useMemo(() => listInput(projectId, state, anchorMs), [projectId, state, anchorMs]);
  const list = useInfiniteQuery(
    trpc.traces.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      // Keep the rows on screen while a refresh or a new filter loads.
      placeholderData: (previous) => previous,
    }),
  );
  const traces = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const listEmpty = list.isSuccess && traces.length === 0;

  // Only when the filtered list is empty: does the project have any trace at all?
  const anyTrace = useQuery(trpc.traces.list.queryOptions({ projectId, limit: 1 }, { enabled: listEmpty }));
  const projectHasNoTraces = listEmpty && anyTrace.isSuccess && anyTrace.data.data.length === 0;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-lg font-semibold text-gray-900">Traces</h1>
          <p className="text-xs text-gray-500">
            {describeTimeRange(state.range)} · newest first
            {list.isSuccess && traces.length > 0
              ? ` · ${traces.length}${list.hasNextPage ? "+" : ""} trace${traces.length === 1 ? "" : "s"}`
              : ""}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <TimeRangePicker value={state.range} onChange={(range) => setState({ ...state, range })} />
          <Button
            variant="secondary"
            size="sm"
            onClick={() => setAnchor({ rangeKey, ms: Date.now() })}
            disabled={list.isFetching}
            data-testid="traces-refresh"
            title="Fetch the newest traces"
          >
            {list.isFetching && !list.isFetchingNextPage ? "Refreshing…" : "Refresh"}
          </Button>
        </div>
      </div>

      <TraceFilters value={state} onChange={setState} />

      {list.isPending ? (
        <TracesTableSkeleton />
      ) : list.isError && !list.data ? (
        <div className="space-y-3" data-testid="traces-error">
          <ErrorMessage title="Could not load traces" message={list.error.message} />
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" onClick={() => void list.refetch()}>
              Try again
            </Button>
            {list.error.data?.code === "BAD_REQUEST" ? (
              <Button variant="ghost" size="sm" onClick={() => setState(EMPTY_LIST_STATE)}>
                Reset filters and time range
              </Button>
            ) : null}
          </div>
        </div>
      ) : listEmpty ? (
        projectHasNoTraces ? (
          <TracesOnboarding projectId={projectId} origin={origin} />
        ) : anyTrace.isPending ? (
          <TracesTableSkeleton rows={3} />
        ) : (
          <EmptyState
            title="No traces match"
            action={
              <div className="flex justify-center gap-2">
                {countActiveFilters(state) > 0 ? (
                  <Button variant="secondary" size="sm" onClick={() => setState({ ...EMPTY_LIST_STATE, range: state.range })}>
                    Clear filters
                  </Button>
                ) : null}
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => setState({ ...state, range: { kind: "preset", key: "30d" } })}
                >
                  Show the last 30 days
                </Button>
              </div>
            }
          >
            Nothing in {describeTimeRange(state.range).toLowerCase()} matches these filters. Widen the time range or
            clear filters.
          </EmptyState>
        )
      ) : (
        <>
          <div className={list.isPlaceholderData ? "opacity-60 transition-opacity" : ""}>
            <TracesTable projectId={projectId} traces={traces} />
          </div>
          <div className="flex items-center justify-between text-xs text-gray-500">
            <span>
              <kbd className="rounded border border-gray-300 bg-white px-1 font-mono">j</kbd>{" "}
              <kbd className="rounded border border-gray-300 bg-white px-1 font-mono">k</kbd> move ·{" "}
              <kbd className="rounded border border-gray-300 bg-white px-1 font-mono">Enter</kbd> opens
            </span>
            {list.hasNextPage ? (
              <Button
                variant="secondary"
                size="sm"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
                data-testid="traces-load-more"
              >
                {list.isFetchingNextPage ? "Loading…" : "Load more"}
              </Button>
            ) : (
              <span>End of list</span>
            )}
          </div>
          {list.isFetchNextPageError ? (
            <ErrorMessage title="Could not load more traces" message={list.error?.message ?? "Unknown error"} />
          ) : null}
        </>
      )}
    </div>
  );
}

/** The tRPC input for one list query (dates as ISO strings: the API has no transformer). */
function listInput(projectId: string, state: TraceListUrlState, anchorMs: number) {
  const { from, to } = resolveTimeRange(state.range, anchorMs);
  const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
  return {
    projectId,
    limit: PAGE_SIZE,
    from: from?.toISOString(),
    to: to?.toISOString(),
    name: text(state.name),
    userId: text(state.userId),
    sessionId: text(state.sessionId),
    release: text(state.release),
    version: text(state.version),
    status: state.status === "" ? undefined : state.status,
  };
}
