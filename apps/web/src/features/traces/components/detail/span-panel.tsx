import type { SpanView } from "@sightline/core";
import type { ReactNode } from "react";
import { CopyButton } from "@/components/copy-button";
import { spanCostDisplay } from "@/features/models/lib/cost-display";
import { SpanScores } from "@/features/scores/components/span-scores";
import { rankDocuments } from "../../lib/documents";
import { formatDuration, formatTimestamp, formatTokens } from "../../lib/format";
import { isEmptyValue, isRecord, parseJsonContainer, toDisplayText } from "../../lib/json-value";
import { normalizeGenerationOutput, normalizeMessages } from "../../lib/messages";
import { mappedVia, retrievalQuery } from "../../lib/span-fields";
import { barGeometry, type TraceWindow } from "../../lib/waterfall";
import { CollapsibleText } from "../common/collapsible-text";
import { JsonViewer } from "../common/json-viewer";
import { KindBadge } from "../common/kind-badge";
import { StatusBadge } from "../common/status-badge";
import { ViaHint } from "../common/via-hint";
import { ChatMessages } from "./chat-messages";
import { MappedFromList } from "./mapped-from-list";
import { RetrievalDocuments } from "./retrieval-documents";
import { SpanEvaluations } from "./span-evaluations";
import { SpanPrompt } from "./span-prompt";

/** Everything about the selected span: what it was, when, what it cost, what went in and out. */
export function SpanPanel({ span, timeWindow }: { span: SpanView; timeWindow: TraceWindow }) {
  const via = (...fields: string[]) => mappedVia(span.mappedFrom, ...fields);
  const offsetMs = barGeometry(span, timeWindow).startOffsetMs;
  const isRetrieval = span.kind === "retrieval" || span.kind === "reranker" || span.documents.length > 0;
  const documents = rankDocuments(span.documents);
  const query = isRetrieval ? retrievalQuery(span) : null;
  const inputMessages = normalizeMessages(span.input);
  const outputMessages =
    span.kind === "generation" ? normalizeGenerationOutput(span.output) : normalizeMessages(span.output);
  const hasUsage = span.usage.total > 0 || span.usage.input > 0 || span.usage.output > 0 || span.cost !== null;
  const showModel = Boolean(span.model || span.provider) || span.kind === "generation" || span.kind === "embedding";
  const inputShownAsQuery = query !== null && typeof parseJsonContainer(span.input) === "string";

  return (
    <aside
      data-testid="span-panel"
      data-span-id={span.spanId}
      data-kind={span.kind}
      className="min-h-0 overflow-auto rounded-lg border border-gray-200 bg-white shadow-xs"
    >
      <header className="sticky top-0 z-10 border-b border-gray-200 bg-white/95 px-4 py-3 backdrop-blur">
        <div className="flex items-start gap-2">
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-2">
              <KindBadge kind={span.kind} />
              <ViaHint via={via("kind")} />
              <StatusBadge status={span.status} />
            </div>
            <h2 className="mt-1.5 text-sm font-semibold break-words text-gray-900" data-testid="span-panel-name">
              {span.name || "(unnamed span)"}
            </h2>
            <p className="mt-0.5 font-mono text-[11px] text-gray-400">
              span {span.spanId}
              {span.parentSpanId ? ` · parent ${span.parentSpanId}` : " · root"}
              {span.serviceName ? ` · ${span.serviceName}` : ""}
            </p>
          </div>
          <CopyButton value={span.spanId} label="Copy id" />
        </div>
      </header>

      <div className="space-y-4 px-4 py-3">
        {span.status === "error" ? (
          <div
            role="alert"
            data-testid="span-status-message"
            className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800"
          >
            <p className="font-semibold">Error</p>
            <pre className="mt-0.5 font-sans break-words whitespace-pre-wrap">
              {span.statusMessage || "The span ended with an error status (no message)."}
            </pre>
          </div>
        ) : null}

        <Fields>
          <Field label="Start" title={span.startTime}>
            {formatTimestamp(span.startTime)}
            <span className="ml-1 text-gray-400">+{formatDuration(offsetMs)}</span>
          </Field>
          <Field label="Duration">{formatDuration(span.durationMs)}</Field>
          <Field label="Status" via={via("status")}>
            {span.status}
            {span.status !== "error" && span.statusMessage ? (
              <span className="ml-1 text-gray-500">· {span.statusMessage}</span>
            ) : null}
          </Field>
          {showModel ? (
            <>
              <Field label="Model" via={via("model")}>
                {span.model ?? <Muted>–</Muted>}
              </Field>
              <Field label="Provider" via={via("provider")}>
                {span.provider ?? <Muted>–</Muted>}
              </Field>
            </>
          ) : null}
        </Fields>

        <Section title="Scores" testId="span-scores">
          <SpanScores traceId={span.traceId} spanId={span.spanId} />
        </Section>

        {span.evaluations.length > 0 ? (
          <Section title={`Evaluations (${span.evaluations.length})`} via={via("evaluations")} testId="span-evaluations">
            <SpanEvaluations evaluations={span.evaluations} />
          </Section>
        ) : null}

        {hasUsage ? (
          <Section title="Usage" via={via("usage", "usage.input", "usageInput", "usage.output")} testId="span-usage">
            <div
              className={`grid grid-cols-3 gap-px overflow-hidden rounded-md border border-gray-200 bg-gray-200 ${span.usage.cacheCreation !== undefined ? "sm:grid-cols-7" : "sm:grid-cols-6"}`}
            >
              <Stat label="Input" value={formatTokens(span.usage.input)} />
              <Stat label="Output" value={formatTokens(span.usage.output)} />
              <Stat label="Total" value={formatTokens(span.usage.total)} />
              <Stat label="Cached" value={formatTokens(span.usage.cacheRead)} />
              {span.usage.cacheCreation !== undefined ? (
                <Stat label="Cache write" value={formatTokens(span.usage.cacheCreation)} via={via("usage.cacheCreation")} />
              ) : null}
              <Stat label="Reasoning" value={formatTokens(span.usage.reasoning)} />
              <Stat label="Cost" value={spanCostDisplay(span).text} via={via("cost")} />
            </div>
            {span.usageRollup ? (
              <p className="mt-1.5 text-[11px] text-gray-500" data-testid="span-usage-rollup">
                These numbers repeat the model calls under this span, so the trace&apos;s totals count those calls
                instead of this span.
              </p>
            ) : null}
          </Section>
        ) : null}

        {Object.keys(span.modelParameters).length > 0 ? (
          <Section title="Model parameters" via={via("modelParameters")} testId="span-model-parameters">
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-0.5 rounded-md border border-gray-200 px-3 py-2 font-mono text-xs">
              {Object.entries(span.modelParameters).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="text-gray-500">{key}</dt>
                  <dd className="break-words text-gray-900">{toDisplayText(value)}</dd>
                </div>
              ))}
            </dl>
          </Section>
        ) : null}

        {span.prompt ? (
          <Section title="Prompt" via={via("prompt")} testId="span-prompt-section">
            <SpanPrompt prompt={span.prompt} />
          </Section>
        ) : null}

        {query !== null ? (
          <Section title="Query" via={via("input")} testId="retrieval-query">
            <div className="rounded-md border border-gray-200 bg-gray-50 px-3 py-2">
              <CollapsibleText text={query} />
            </div>
          </Section>
        ) : null}

        {isRetrieval && documents.length > 0 ? (
          <Section title={`Documents (${documents.length})`} via={via("documents")}>
            <RetrievalDocuments documents={documents} />
          </Section>
        ) : null}

        {!inputShownAsQuery && !isEmptyValue(span.input) ? (
          <Section title="Input" via={via("input")}>
            {inputMessages ? (
              <ChatMessages messages={inputMessages} testId="span-input-messages" />
            ) : (
              <DataValue value={span.input} testId="span-input" />
            )}
          </Section>
        ) : null}

        {!isEmptyValue(span.output) ? (
          <Section title="Output" via={via("output")} defaultOpen={!(isRetrieval && documents.length > 0)}>
            {outputMessages ? (
              <ChatMessages messages={outputMessages} testId="span-output-messages" />
            ) : (
              <DataValue value={span.output} testId="span-output" />
            )}
          </Section>
        ) : null}

        {span.events.length > 0 ? (
          <Section title={`Events (${span.events.length})`} testId="span-events">
            <ol className="space-y-1.5">
              {span.events.map((event, i) => (
                <li key={i} className="rounded-md border border-gray-200 px-3 py-2">
                  <div className="flex items-baseline gap-2 text-xs">
                    <span className="font-medium text-gray-900">{event.name}</span>
                    <span className="ml-auto font-mono text-[11px] text-gray-400" title={event.time}>
                      {formatTimestamp(event.time)}
                    </span>
                  </div>
                  {Object.keys(event.attributes).length > 0 ? (
                    <div className="mt-1">
                      <JsonViewer value={event.attributes} expandDepth={1} testId="span-event-attributes" />
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          </Section>
        ) : null}

        <Section title="Mapped from" testId="span-mapped-from">
          <MappedFromList mappedFrom={span.mappedFrom} />
        </Section>

        <Section title={`Attributes (${Object.keys(span.attributes).length})`} testId="span-attributes">
          <JsonViewer value={span.attributes} expandDepth={1} />
        </Section>
        {Object.keys(span.resourceAttributes).length > 0 ? (
          <Section
            title={`Resource attributes (${Object.keys(span.resourceAttributes).length})`}
            testId="span-resource-attributes"
            defaultOpen={false}
          >
            <JsonViewer value={span.resourceAttributes} expandDepth={1} />
          </Section>
        ) : null}
      </div>
    </aside>
  );
}

/** Input/output that is not a conversation: structured values as a JSON tree, text as text. */
function DataValue({ value, testId }: { value: unknown; testId: string }) {
  const parsed = parseJsonContainer(value);
  if (Array.isArray(parsed) || isRecord(parsed)) return <JsonViewer value={parsed} testId={testId} />;
  return (
    <div data-testid={testId} className="rounded-md border border-gray-200 bg-gray-50 px-3 py-2">
      <CollapsibleText text={toDisplayText(parsed)} />
    </div>
  );
}

function Section({
  title,
  via,
  testId,
  defaultOpen = true,
  children,
}: {
  title: string;
  via?: string | null;
  testId?: string;
  defaultOpen?: boolean;
  children: ReactNode;
}) {
  return (
    <details open={defaultOpen} data-testid={testId} className="group">
      <summary className="mb-1.5 flex cursor-pointer list-none items-center gap-1 text-[11px] font-semibold tracking-wide text-gray-500 uppercase select-none">
        <span aria-hidden className="inline-block w-3 text-gray-400 transition-transform group-open:rotate-90">
          ▸
        </span>
        {title}
        <ViaHint via={via ?? null} />
      </summary>
      {children}
    </details>
  );
}

function Fields({ children }: { children: ReactNode }) {
  return <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-xs">{children}</dl>;
}

function Field({ label, via, title, children }: { label: string; via?: string | null; title?: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-gray-500">{label}</dt>
      <dd className="break-words text-gray-900 tabular-nums" title={title}>
        {children}
        <ViaHint via={via ?? null} />
      </dd>
    </>
  );
}

function Stat({ label, value, via }: { label: string; value: string; via?: string | null }) {
  return (
    <div className="bg-white px-2 py-1.5">
      <div className="text-[10px] tracking-wide text-gray-500 uppercase">
        {label}
        <ViaHint via={via ?? null} />
      </div>
      <div className="text-sm font-medium text-gray-900 tabular-nums">{value}</div>
    </div>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="text-gray-400">{children}</span>;
}
