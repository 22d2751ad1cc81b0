import type { ReactNode } from "react";

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-gray-300 px-6 py-10 text-center">
      <h3 className="text-sm font-semibold text-gray-900">{title}</h3>
      {children ? <div className="mx-auto mt-2 max-w-2xl text-sm text-gray-600">{children}</div> : null}
      {action ? <div className="mt-5">{action}</div> : null}
    </div>
  );
}
