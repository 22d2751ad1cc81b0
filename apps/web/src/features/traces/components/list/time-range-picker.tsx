"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/button";
import {
  describeTimeRange,
  fromDateTimeLocalValue,
  TIME_RANGE_PRESETS,
  toDateTimeLocalValue,
  type TimeRange,
} from "../../lib/time-range";

/** Preset windows as a segmented control, plus a custom from/to editor. */
export function TimeRangePicker({ value, onChange }: { value: TimeRange; onChange: (range: TimeRange) => void }) {
  const [customOpen, setCustomOpen] = useState(value.kind === "custom");
  const [from, setFrom] = useState(value.kind === "custom" ? toDateTimeLocalValue(value.from) : "");
  const [to, setTo] = useState(value.kind === "custom" ? toDateTimeLocalValue(value.to) : "");

  // Follow the URL when it changes under us (back button, shared link).
  useEffect(() => {
    if (value.kind === "custom") {
      setCustomOpen(true);
      setFrom(toDateTimeLocalValue(value.from));
      setTo(toDateTimeLocalValue(value.to));
    }
  }, [value]);

  const fromDate = fromDateTimeLocalValue(from);
  const toDate = fromDateTimeLocalValue(to);
  const invalid = fromDate !== null && toDate !== null && fromDate > toDate;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="group" aria-label="Time range" className="inline-flex rounded-md shadow-xs ring-1 ring-gray-300 ring-inset">
        {TIME_RANGE_PRESETS.map((preset) => {
          const active = value.kind === "preset" && value.key === preset.key;
          return (
            <button
              key={preset.key}
              type="button"
              title={preset.label}
              aria-pressed={active}
              data-testid={`time-range-${preset.key}`}
              onClick={() => {
                setCustomOpen(false);
                onChange({ kind: "preset", key: preset.key });
              }}
              className={`border-r border-gray-300 px-2.5 py-1.5 text-xs font-medium first:rounded-l-md ${
                active ? "bg-gray-900 text-white" : "bg-white text-gray-700 hover:bg-gray-50"
              }`}
            >
              {preset.short}
            </button>
          );
        })}
        <button
          type="button"
          aria-pressed={value.kind === "custom"}
          aria-expanded={customOpen}
          data-testid="time-range-custom"
          onClick={() => setCustomOpen((v) => !v)}
          className={`rounded-r-md px-2.5 py-1.5 text-xs font-medium ${
            value.kind === "custom" ? "bg-gray-900 text-white" : "bg-white text-gray-700 hover:bg-gray-50"
          }`}
        >
          Custom
        </button>
      </div>
      {customOpen ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!invalid) onChange({ kind: "custom", from: fromDate, to: toDate });
          }}
        >
          <label className="flex items-center gap-1 text-xs text-gray-600">
            From
            <input
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={invalid}
              className="rounded-md border-0 px-2 py-1 text-xs text-gray-900 ring-1 ring-gray-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
          </label>
          <label className="flex items-center gap-1 text-xs text-gray-600">
            To
            <input
              type="datetime-local"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-invalid={invalid}
              className="rounded-md border-0 px-2 py-1 text-xs text-gray-900 ring-1 ring-gray-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
          </label>
          <Button type="submit" size="sm" variant="secondary" disabled={invalid}>
            Apply
          </Button>
          {invalid ? <span className="text-xs text-red-600">“From” must be before “To”.</span> : null}
        </form>
      ) : value.kind === "custom" ? (
        <span className="text-xs text-gray-500">{describeTimeRange(value)}</span>
      ) : null}
    </div>
  );
}
