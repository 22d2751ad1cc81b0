/** The Sightline mark: a lens over a trace line, drawn inline so it needs no asset. */
export function SightlineMark({ className = "size-9" }: { className?: string }) {
  return (
    <svg viewBox="0 0 36 36" aria-hidden className={className}>
      <rect width="36" height="36" rx="9" className="fill-indigo-600" />
      <path d="M7 22h5l3-8 4 12 3-7h7" fill="none" stroke="white" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
