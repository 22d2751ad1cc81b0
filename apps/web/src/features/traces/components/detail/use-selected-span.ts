"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

/**
 * The selected span lives in the URL (`?span=<id>`) so a link can point at one span.
 * Selecting replaces the history entry (native replaceState, which Next's router
 * observes): walking the tree must not fill the back button with every step. A local
 * copy makes the selection take effect in the same render as related state changes
 * (the router applies the URL change a little later).
 */
export function useSelectedSpanParam(): [string | null, (spanId: string) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const param = searchParams.get("span");
  const [selected, setSelected] = useState(param);
  const [lastParam, setLastParam] = useState(param);
  if (param !== lastParam) {
    // The URL changed from outside (a link, back/forward): follow it.
    setLastParam(param);
    setSelected(param);
  }
  const select = useCallback(
    (spanId: string) => {
      setSelected(spanId);
      const params = new URLSearchParams(window.location.search);
      if (params.get("span") === spanId) return;
      params.set("span", spanId);
      window.history.replaceState(null, "", `${pathname}?${params.toString()}`);
    },
    [pathname],
  );
  return [selected, select];
}
