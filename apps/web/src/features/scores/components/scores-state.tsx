import type { ReactNode } from "react";
import { Spinner } from "@/components/spinner";

/** Loading, error (with a retry) and empty states shared by the score sections. */
export function ScoresState({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null; refetch: () => unknown };
  empty: ReactNode | null;
  children: ReactNode;
}) {
  if (query.isPending) return <Spinner label="Loading scores…" className="text-xs" />;
  if (query.isError) {
    return (
      <p role="alert" className="text-xs text-red-700">
        Could not load scores: {query.error?.message}{" "}
        <button type="button" onClick={() => void query.refetch()} className="font-medium underline hover:text-red-900">
          Try again
        </button>
      </p>
    );
  }
  if (empty) return <p className="text-xs text-gray-500">{empty}</p>;
  return children;
}
