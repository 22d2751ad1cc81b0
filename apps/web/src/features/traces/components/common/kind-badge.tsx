import { kindStyle } from "../../lib/kind-style";

/** The span kind as a labelled pill (panel) or a compact glyph (tree rows). */
export function KindBadge({ kind, compact = false }: { kind: string; compact?: boolean }) {
  const style = kindStyle(kind);
  if (compact) {
    return (
      <span
        title={style.label}
        aria-label={style.label}
        className={`inline-flex h-4 min-w-4 shrink-0 items-center justify-center rounded px-0.5 text-[10px] leading-none font-semibold ring-1 ring-inset ${style.badge}`}
      >
        {style.glyph}
      </span>
    );
  }
  return (
    <span
      className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}
    >
      {style.label}
    </span>
  );
}
