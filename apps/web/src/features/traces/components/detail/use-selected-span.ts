"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The selected span lives in the URL (`?span=<id>`) so a link can point at one span.
 * Selecting replaces the history entry (native replaceState, which Next's router
 * observes): walking the tree must not fill the back button with every step.
 */
export function useSelectedSpanParam(): [string | null, (spanId: string) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const select = useCallback(
    (spanId: string) => {
      const params = new URLSearchParams(window.location.search);
      if (params.get("span") === spanId) return;
      params.set("span", spanId);
      window.history.replaceState(null, "", `${pathname}?${params.toString()}`);
    },
    [pathname],
  );
  return [searchParams.get("span"), select];
}
