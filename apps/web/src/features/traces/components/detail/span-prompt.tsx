import type { SpanPrompt as Prompt } from "@sightline/core";
import { toDisplayText } from "../../lib/json-value";
import { CollapsibleText } from "../common/collapsible-text";

/** The prompt a span was built from: a managed prompt's name and version, a template and the variables filled into it. */
export function SpanPrompt({ prompt }: { prompt: Prompt }) {
  const variables = Object.entries(prompt.variables ?? {});
  return (
    <div className="space-y-2 rounded-md border border-gray-200 px-3 py-2 text-xs" data-testid="span-prompt">
      {prompt.name || prompt.version ? (
        <p>
          {prompt.name ? <span className="font-medium text-gray-900">{prompt.name}</span> : null}
          {prompt.version ? <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 font-mono text-[11px] text-gray-700">version {prompt.version}</span> : null}
        </p>
      ) : null}
      {prompt.template ? <CollapsibleText text={prompt.template} mono /> : null}
      {variables.length > 0 ? (
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-0.5 font-mono">
          {variables.map(([key, value]) => (
            <div key={key} className="contents">
              <dt className="text-gray-500">{key}</dt>
              <dd className="break-words text-gray-900">{toDisplayText(value)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
