/** "via gen_ai": which attribute convention a displayed field was mapped from. */
export function ViaHint({ via }: { via: string | null }) {
  if (!via) return null;
  return (
    <span
      data-testid="mapped-from-hint"
      title={`Mapped from ${via} attributes`}
      className="ml-1.5 rounded bg-gray-100 px-1 py-px font-mono text-[10px] font-normal tracking-normal text-gray-500 normal-case"
    >
      via {via}
    </span>
  );
}
