"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseListSearchParams, serializeListState, type TraceListUrlState } from "../../lib/list-search-params";

/**
 * The trace list's filters, read from and written to the URL. Each change is a new
 * history entry (native pushState, which Next's router observes), so the back button
 * steps through filter changes without a server round trip.
 */
export function useListUrlState(): [TraceListUrlState, (next: TraceListUrlState) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseListSearchParams(searchParams), [searchParams]);
  const setState = useCallback(
    (next: TraceListUrlState) => {
      const query = serializeListState(next).toString();
      const url = query ? `${pathname}?${query}` : pathname;
      if (url !== `${window.location.pathname}${window.location.search}`) window.history.pushState(null, "", url);
    },
    [pathname],
  );
  return [state, setState];
}
