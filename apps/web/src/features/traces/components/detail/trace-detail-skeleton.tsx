/** The detail page's shape while the trace loads. */
export function TraceDetailSkeleton() {
  return (
    <div className="animate-pulse space-y-4" role="status" aria-label="Loading trace" data-testid="trace-loading">
      <div className="rounded-lg border border-gray-200 bg-white p-4 shadow-xs">
        <div className="h-5 w-64 rounded bg-gray-200" />
        <div className="mt-3 flex gap-6">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="h-8 w-20 rounded bg-gray-100" />
          ))}
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,7fr)_minmax(0,5fr)]">
        <div className="space-y-2 rounded-lg border border-gray-200 bg-white p-3 shadow-xs">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="flex items-center gap-3" style={{ paddingLeft: `${Math.min(i, 4) * 14}px` }}>
              <div className="h-3 w-40 rounded bg-gray-200" />
              <div className="ml-auto h-3 rounded bg-gray-100" style={{ width: `${20 + ((i * 17) % 50)}%` }} />
            </div>
          ))}
        </div>
        <div className="h-80 rounded-lg border border-gray-200 bg-white shadow-xs" />
      </div>
    </div>
  );
}
