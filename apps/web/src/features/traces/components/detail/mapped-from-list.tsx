import { groupMappedFrom } from "./mapped-from";

/**
 * Which convention supplied each field of the span (`mappedFrom`), one row per convention,
 * e.g. "OTel GenAI — kind, model, input tokens, input, output". Text only: values come from
 * stored spans and are rendered as plain React text (escaped).
 */
export function MappedFromList({ mappedFrom }: { mappedFrom: Record<string, unknown> }) {
  const groups = groupMappedFrom(mappedFrom);
  if (groups.length === 0) {
    return <p className="text-xs text-gray-500">No field came from a known convention: everything is in the attributes below.</p>;
  }
  return (
    <dl data-testid="span-mapped-from-list" className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-xs">
      {groups.map((group) => (
        <div key={group.convention} className="contents" data-convention={group.convention}>
          <dt className="font-medium whitespace-nowrap text-gray-700" title={`attribute convention "${group.convention}"`}>
            {group.label}
          </dt>
          <dd className="break-words text-gray-600">{group.fields.join(", ")}</dd>
        </div>
      ))}
    </dl>
  );
}
