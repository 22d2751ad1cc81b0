import { CopyButton } from "./copy-button";

/** Monospace text with a copy button, for keys, endpoints and snippets. */
export function CodeBlock({
  value,
  label,
  copyLabel = "Copy",
  testId,
}: {
  value: string;
  label?: string;
  copyLabel?: string;
  testId?: string;
}) {
  return (
    <div className="space-y-1">
      {label ? <p className="text-xs font-medium text-gray-700">{label}</p> : null}
      <div className="flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-gray-900 px-3 py-2 font-mono text-xs text-gray-100">
          <code data-testid={testId}>{value}</code>
        </pre>
        <CopyButton value={value} label={copyLabel} />
      </div>
    </div>
  );
}
