"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { ErrorMessage } from "@/components/error-message";
import { Spinner } from "@/components/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { RevokeKeyButton } from "./revoke-key-button";

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : "—";
}

/** The project's keys: public key and secret preview only (the secret itself is never stored). */
export function ApiKeysTable({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ projectId }));
  if (keys.isPending) return <Spinner label="Loading API keys…" className="p-5" />;
  if (keys.error) return <ErrorMessage title="Could not load API keys" message={keys.error.message} />;
  if (keys.data.length === 0) {
    return (
      <EmptyState title="No API keys">
        {canManage
          ? "Create a key to send traces to this project."
          : "Ask a project owner or admin to create a key to send traces to this project."}
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-gray-200 text-sm">
        <thead className="bg-gray-50 text-left text-xs font-medium tracking-wide text-gray-500 uppercase">
          <tr>
            <th className="px-4 py-2">Name</th>
            <th className="px-4 py-2">Public key</th>
            <th className="px-4 py-2">Secret key</th>
            <th className="px-4 py-2">Created</th>
            <th className="px-4 py-2">Last used</th>
            <th className="px-4 py-2">Status</th>
            {canManage ? <th className="px-4 py-2"><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 bg-white">
          {keys.data.map((key) => (
            <tr key={key.id} data-testid="api-key-row">
              <td className="px-4 py-2 font-medium text-gray-900">{key.name}</td>
              <td className="px-4 py-2 font-mono text-xs">{key.publicKey}</td>
              <td className="px-4 py-2 font-mono text-xs text-gray-500">{key.secretPreview}</td>
              <td className="px-4 py-2 whitespace-nowrap text-gray-600">{formatDate(key.createdAt)}</td>
              <td className="px-4 py-2 whitespace-nowrap text-gray-600">{formatDate(key.lastUsedAt)}</td>
              <td className="px-4 py-2">
                {key.revokedAt ? (
                  <span className="rounded bg-gray-100 px-2 py-0.5 text-xs text-gray-600" title={formatDate(key.revokedAt)}>
                    Revoked
                  </span>
                ) : (
                  <span className="rounded bg-green-50 px-2 py-0.5 text-xs text-green-700">Active</span>
                )}
              </td>
              {canManage ? (
                <td className="px-4 py-2 text-right">
                  {key.revokedAt ? null : <RevokeKeyButton projectId={projectId} keyId={key.id} keyName={key.name} />}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
