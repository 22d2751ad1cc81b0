"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { ErrorMessage } from "@/components/error-message";
import { useTRPC } from "@/lib/trpc/client";

/** Revoke with a confirmation step: revoking cannot be undone. */
export function RevokeKeyButton({ projectId, keyId, keyName }: { projectId: string; keyId: string; keyName: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ projectId }) });
        setOpen(false);
      },
    }),
  );
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Revoke ${keyName}`}>
        Revoke
      </Button>
      <Dialog
        open={open}
        onClose={() => {
          setOpen(false);
          revoke.reset();
        }}
        title={`Revoke "${keyName}"?`}
      >
        <p className="text-sm text-gray-600">
          Applications using this key will get 401 responses (within 30 seconds on every server). This cannot be undone.
        </p>
        {revoke.error ? (
          <div className="mt-3">
            <ErrorMessage title="Could not revoke the key" message={revoke.error.message} />
          </div>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ projectId, keyId })}>
            {revoke.isPending ? "Revoking…" : "Revoke key"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
