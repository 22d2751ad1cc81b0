"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { ErrorMessage } from "@/components/error-message";
import { useTRPC } from "@/lib/trpc/client";

/** Delete an override after a confirmation; matching models fall back to the built-in table. */
export function DeleteOverrideButton({ projectId, id, pattern }: { projectId: string; id: string; pattern: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.models.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
        setOpen(false);
      },
    }),
  );
  const close = () => {
    setOpen(false);
    remove.reset();
  };
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} aria-label={`Delete the price for ${pattern}`}>
        Delete
      </Button>
      <Dialog open={open} onClose={close} title="Delete this price override?">
        <p className="text-sm text-gray-600">
          Models matching <code className="font-mono">{pattern}</code> will be priced from the built-in table again (or show
          “no price”). Spans already stored keep the cost they were given.
        </p>
        {remove.error ? (
          <div className="mt-3">
            <ErrorMessage title="Could not delete the override" message={remove.error.message} />
          </div>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate({ projectId, id })}>
            {remove.isPending ? "Deleting…" : "Delete"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
