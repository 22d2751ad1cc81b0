import Link from "next/link";

/** An unknown (or malformed) trace id: say so, and offer the way back. */
export function TraceNotFound({ projectId, traceId }: { projectId: string; traceId: string }) {
  return (
    <div
      data-testid="trace-not-found"
      className="mx-auto mt-10 max-w-lg rounded-lg border border-gray-200 bg-white px-6 py-10 text-center shadow-xs"
    >
      <p className="font-mono text-xs text-gray-400">404</p>
      <h1 className="mt-2 text-base font-semibold text-gray-900">Trace not found</h1>
      <p className="mt-2 text-sm break-all text-gray-600">
        This project has no trace <code className="font-mono text-gray-800">{traceId}</code>. It may belong to
        another project, or its spans may not have arrived yet.
      </p>
      <Link
        href={`/project/${encodeURIComponent(projectId)}/traces`}
        className="mt-6 inline-flex rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-500"
      >
        Back to traces
      </Link>
    </div>
  );
}
