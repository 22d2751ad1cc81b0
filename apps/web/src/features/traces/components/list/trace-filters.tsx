"use client";

import { useEffect, useState } from "react";
import {
  countActiveFilters,
  EMPTY_LIST_STATE,
  type TextFilterKey,
  type TraceListUrlState,
} from "../../lib/list-search-params";

const TEXT_FILTERS: { key: TextFilterKey; label: string; placeholder: string; width: string }[] = [
  { key: "name", label: "Name", placeholder: "Trace name", width: "w-44" },
  { key: "userId", label: "User", placeholder: "User id", width: "w-36" },
  { key: "sessionId", label: "Session", placeholder: "Session id", width: "w-36" },
  { key: "release", label: "Release", placeholder: "Release", width: "w-28" },
  { key: "version", label: "Version", placeholder: "Version", width: "w-28" },
];

/** Exact-match filters; a text filter applies on Enter or when the field loses focus. */
export function TraceFilters({
  value,
  onChange,
}: {
  value: TraceListUrlState;
  onChange: (next: TraceListUrlState) => void;
}) {
  const active = countActiveFilters(value);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="trace-filters">
      {TEXT_FILTERS.map((filter) => (
        <TextFilter
          key={filter.key}
          label={filter.label}
          placeholder={filter.placeholder}
          width={filter.width}
          value={value[filter.key]}
          onCommit={(text) => onChange({ ...value, [filter.key]: text })}
        />
      ))}
      <label className="sr-only" htmlFor="trace-status-filter">
        Status
      </label>
      <select
        id="trace-status-filter"
        data-testid="filter-status"
        value={value.status}
        onChange={(e) => onChange({ ...value, status: e.target.value as TraceListUrlState["status"] })}
        className={`rounded-md border-0 py-1.5 pr-7 pl-2 text-xs ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 ${
          value.status ? "bg-indigo-50 text-indigo-900 ring-indigo-300" : "bg-white text-gray-700 ring-gray-300"
        }`}
      >
        <option value="">Any status</option>
        <option value="ok">OK only</option>
        <option value="error">Errors only</option>
      </select>
      {active > 0 ? (
        <button
          type="button"
          onClick={() => onChange({ ...EMPTY_LIST_STATE, range: value.range })}
          className="rounded-md px-2 py-1.5 text-xs font-medium text-gray-600 hover:bg-gray-100 hover:text-gray-900"
        >
          Clear {active} filter{active === 1 ? "" : "s"}
        </button>
      ) : null}
    </div>
  );
}

function TextFilter({
  label,
  placeholder,
  width,
  value,
  onCommit,
}: {
  label: string;
  placeholder: string;
  width: string;
  value: string;
  onCommit: (text: string) => void;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    if (draft.trim() !== value) onCommit(draft.trim());
  };
  const filled = value !== "";
  return (
    <div className="relative">
      <input
        type="search"
        aria-label={`Filter by ${label.toLowerCase()}`}
        data-testid={`filter-${label.toLowerCase()}`}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit();
          if (e.key === "Escape") setDraft(value);
        }}
        className={`${width} rounded-md border-0 px-2 py-1.5 text-xs ring-1 ring-inset placeholder:text-gray-400 focus:ring-2 focus:ring-indigo-600 ${
          filled ? "bg-indigo-50 text-indigo-900 ring-indigo-300" : "bg-white text-gray-900 ring-gray-300"
        }`}
      />
    </div>
  );
}
