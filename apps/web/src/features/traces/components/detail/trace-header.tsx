import type { TraceDetail } from "@sightline/core";
import Link from "next/link";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/copy-button";
import { CostText } from "@/features/models/components/cost-text";
import { traceCostDisplay } from "@/features/models/lib/cost-display";
import { TraceScores } from "@/features/scores/components/trace-scores";
import { formatDuration, formatTimestamp, formatTokens } from "../../lib/format";
import { serializeListState, EMPTY_LIST_STATE, type TextFilterKey } from "../../lib/list-search-params";
import { StatusBadge } from "../common/status-badge";

/** The trace at a glance: name, status, timing, size, cost, and who/what it belongs to. */
export function TraceHeader({ trace, projectId }: { trace: TraceDetail; projectId: string }) {
  const listHref = `/project/${encodeURIComponent(projectId)}/traces`;
  // A trace attribute links to the list filtered by it ("all traces of this user").
  const filterHref = (key: TextFilterKey, value: string) =>
    `${listHref}?${serializeListState({ ...EMPTY_LIST_STATE, range: { kind: "preset", key: "30d" }, [key]: value })}`;
  const error = trace.errorCount > 0;

  return (
    <header className="rounded-lg border border-gray-200 bg-white px-4 py-3 shadow-xs" data-testid="trace-header">
      <div className="flex flex-wrap items-start gap-x-3 gap-y-1">
        <Link href={listHref} className="mt-0.5 text-xs font-medium text-gray-500 hover:text-gray-900">
          ← Traces
        </Link>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="truncate text-base font-semibold text-gray-900" data-testid="trace-name">
              {trace.name || "(unnamed trace)"}
            </h1>
            <StatusBadge
              status={error ? "error" : "ok"}
              title={error ? `${trace.errorCount} span(s) ended with an error` : undefined}
            />
          </div>
          <p className="mt-0.5 flex items-center gap-2 font-mono text-[11px] text-gray-400">
            trace {trace.traceId}
          </p>
        </div>
        <CopyButton value={trace.traceId} label="Copy trace id" />
      </div>

      <dl className="mt-3 flex flex-wrap gap-x-8 gap-y-2">
        <Stat label="Start" title={trace.startTime}>
          {formatTimestamp(trace.startTime)}
        </Stat>
        <Stat label="Duration">{formatDuration(trace.durationMs)}</Stat>
        <Stat label="Spans">
          {trace.spanCount}
          {error ? <span className="ml-1 text-red-600">· {trace.errorCount} error{trace.errorCount === 1 ? "" : "s"}</span> : null}
        </Stat>
        <Stat label="Tokens" title={`input ${trace.usage.input} · output ${trace.usage.output}`}>
          {formatTokens(trace.usage.total)}
          {trace.usage.total > 0 ? (
            <span className="ml-1 text-xs font-normal text-gray-500">
              ({formatTokens(trace.usage.input)} in · {formatTokens(trace.usage.output)} out)
            </span>
          ) : null}
        </Stat>
        <Stat label="Cost">
          <CostText display={traceCostDisplay(trace, trace.spans)} />
        </Stat>
      </dl>

      <div className="mt-3 flex flex-wrap gap-1.5 text-[11px]" data-testid="trace-attributes">
        <Chip label="user" value={trace.userId} href={trace.userId ? filterHref("userId", trace.userId) : undefined} />
        <Chip
          label="session"
          value={trace.sessionId}
          href={trace.sessionId ? filterHref("sessionId", trace.sessionId) : undefined}
        />
        <Chip label="release" value={trace.release} href={trace.release ? filterHref("release", trace.release) : undefined} />
        <Chip label="version" value={trace.version} href={trace.version ? filterHref("version", trace.version) : undefined} />
        <Chip label="env" value={trace.environment} />
        {trace.tags.map((tag) => (
          <span key={tag} className="rounded bg-indigo-50 px-1.5 py-0.5 text-indigo-700 ring-1 ring-indigo-200 ring-inset">
            #{tag}
          </span>
        ))}
      </div>

      <TraceScores projectId={projectId} trace={trace} />
    </header>
  );
}

function Stat({ label, title, children }: { label: string; title?: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-[10px] tracking-wide text-gray-500 uppercase">{label}</dt>
      <dd className="text-sm font-medium text-gray-900 tabular-nums" title={title}>
        {children}
      </dd>
    </div>
  );
}

function Chip({ label, value, href }: { label: string; value: string; href?: string }) {
  if (!value) return null;
  const body = (
    <>
      <span className="text-gray-400">{label}</span> <span className="font-mono text-gray-800">{value}</span>
    </>
  );
  const className = "max-w-full truncate rounded bg-gray-100 px-1.5 py-0.5 ring-1 ring-gray-200 ring-inset";
  return href ? (
    <Link href={href} className={`${className} hover:bg-gray-200`} title={`All traces with ${label} ${value}`}>
      {body}
    </Link>
  ) : (
    <span className={className}>{body}</span>
  );
}
