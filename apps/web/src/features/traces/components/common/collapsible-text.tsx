"use client";

import { useState } from "react";
import { textPreview } from "../../lib/text-preview";

/**
 * Untrusted text (prompts, completions, documents) rendered as text, whitespace kept.
 * Long values show a preview first; slicing (not CSS clamping) keeps huge payloads out
 * of the DOM until someone asks for them.
 */
export function CollapsibleText({
  text,
  className = "",
  mono = false,
}: {
  text: string;
  className?: string;
  mono?: boolean;
}) {
  const [expanded, setExpanded] = useState(false);
  const preview = textPreview(text);
  const shown = expanded || preview === null ? text : preview;
  return (
    <div className={className}>
      <pre
        className={`break-words whitespace-pre-wrap text-[13px] leading-relaxed text-gray-800 ${
          mono ? "font-mono text-xs" : "font-sans"
        }`}
      >
        {shown}
        {!expanded && preview !== null ? <span className="text-gray-400">…</span> : null}
      </pre>
      {preview !== null ? (
        <button
          type="button"
          onClick={() => setExpanded((v) => !v)}
          className="mt-1 text-xs font-medium text-indigo-600 hover:text-indigo-500"
        >
          {expanded ? "Show less" : `Show all (${text.length.toLocaleString("en-US")} characters)`}
        </button>
      ) : null}
    </div>
  );
}
