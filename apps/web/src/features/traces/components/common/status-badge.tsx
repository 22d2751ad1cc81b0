/** Ok / error pill for a trace or span. `unset` spans read as ok: nothing reported a failure. */
export function StatusBadge({ status, title }: { status: "ok" | "error" | "unset"; title?: string }) {
  const error = status === "error";
  return (
    <span
      data-testid="status-badge"
      data-status={error ? "error" : "ok"}
      title={title}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${
        error ? "bg-red-50 text-red-700 ring-red-200" : "bg-emerald-50 text-emerald-700 ring-emerald-200"
      }`}
    >
      <span aria-hidden className={`size-1.5 rounded-full ${error ? "bg-red-500" : "bg-emerald-500"}`} />
      {error ? "error" : "ok"}
    </span>
  );
}
