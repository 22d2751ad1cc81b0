"use client";

import { useState } from "react";
import { isRecord } from "../../lib/json-value";

const LONG_STRING = 300;

/**
 * A collapsible tree for any JSON value (span attributes, tool arguments, metadata).
 * Every value is rendered as text; nothing from the payload becomes markup.
 */
export function JsonViewer({
  value,
  expandDepth = 2,
  testId = "json-viewer",
}: {
  value: unknown;
  expandDepth?: number;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      className="overflow-x-auto rounded-md border border-gray-200 bg-gray-50/60 px-3 py-2 font-mono text-xs leading-5"
    >
      <JsonNode value={value} depth={0} expandDepth={expandDepth} />
    </div>
  );
}

function JsonNode({
  name,
  value,
  depth,
  expandDepth,
}: {
  name?: string;
  value: unknown;
  depth: number;
  expandDepth: number;
}) {
  const container = Array.isArray(value) || isRecord(value);
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  const [open, setOpen] = useState(depth < expandDepth && entries.length <= 200);
  const label = name !== undefined ? <span className="text-gray-500">{name}: </span> : null;

  if (!container) {
    return (
      <div className="break-words whitespace-pre-wrap">
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const [openBrace, closeBrace] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div>
        {label}
        <span className="text-gray-500">
          {openBrace}
          {closeBrace}
        </span>
      </div>
    );
  }
  return (
    <div>
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        className="-ml-3 inline-flex items-baseline text-left hover:bg-gray-100"
      >
        <span aria-hidden className="inline-block w-3 text-gray-400">
          {open ? "▾" : "▸"}
        </span>
        {label}
        <span className="text-gray-500">
          {openBrace}
          {open ? "" : ` ${entries.length} ${Array.isArray(value) ? "items" : "keys"} ${closeBrace}`}
        </span>
      </button>
      {open ? (
        <>
          <div className="border-l border-gray-200 pl-4">
            {entries.map(([key, child]) => (
              <JsonNode key={key} name={key} value={child} depth={depth + 1} expandDepth={expandDepth} />
            ))}
          </div>
          <span className="text-gray-500">{closeBrace}</span>
        </>
      ) : null}
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  const [expanded, setExpanded] = useState(false);
  if (typeof value === "string") {
    const long = value.length > LONG_STRING;
    return (
      <>
        <span className="text-emerald-800">&quot;{long && !expanded ? `${value.slice(0, LONG_STRING)}…` : value}&quot;</span>
        {long ? (
          <button
            type="button"
            onClick={() => setExpanded((v) => !v)}
            className="ml-2 font-sans text-[11px] font-medium text-indigo-600 hover:text-indigo-500"
          >
            {expanded ? "less" : `+${(value.length - LONG_STRING).toLocaleString("en-US")} chars`}
          </button>
        ) : null}
      </>
    );
  }
  if (typeof value === "number" || typeof value === "bigint") return <span className="text-sky-700">{String(value)}</span>;
  if (typeof value === "boolean" || value === null) return <span className="text-violet-700">{String(value)}</span>;
  if (value === undefined) return <span className="text-gray-400">undefined</span>;
  return <span>{String(value)}</span>;
}
