export function Spinner({ label = "Loading…", className = "" }: { label?: string; className?: string }) {
  return (
    <span role="status" className={`inline-flex items-center gap-2 text-sm text-gray-500 ${className}`}>
      <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-gray-300 border-t-indigo-600" />
      {label}
    </span>
  );
}
