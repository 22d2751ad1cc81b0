import type { CostDisplay } from "../lib/cost-display";

/** A cost as text: "no price" muted with the way to fix it, a partial sum flagged. */
export function CostText({ display }: { display: CostDisplay }) {
  if (display.state === "unpriced") {
    return (
      <span className="text-gray-400 italic" title="No price matches this model. Add one under Settings → Models." data-testid="cost-no-price">
        {display.text}
      </span>
    );
  }
  return (
    <>
      {display.text}
      {display.hint ? (
        <span
          className="ml-1 rounded bg-amber-50 px-1 py-px text-[10px] font-normal text-amber-800 ring-1 ring-amber-200 ring-inset"
          title={display.hint}
          data-testid="cost-partial"
        >
          partial
        </span>
      ) : null}
    </>
  );
}
