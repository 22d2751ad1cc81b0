"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { ErrorMessage } from "@/components/error-message";
import { Input } from "@/components/input";
import { useTRPC } from "@/lib/trpc/client";
import { CreatedKeyPanel } from "./created-key-panel";

/** "Create API key": asks for a name, then shows the new pair once. */
export function CreateKeyDialog({ projectId, origin }: { projectId: string; origin: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey({ projectId }) }),
    }),
  );

  function close() {
    setOpen(false);
    setName("");
    create.reset(); // forget the secret as soon as the dialog closes
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ projectId, name });
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>Create key</Button>
      <Dialog open={open} onClose={close} title={create.data ? "API key created" : "Create API key"}>
        {create.data ? (
          <div className="space-y-4">
            <CreatedKeyPanel origin={origin} publicKey={create.data.publicKey} secretKey={create.data.secretKey} />
            <div className="flex justify-end">
              <Button onClick={close}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-4">
            <Input
              label="Name"
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. production backend"
              maxLength={100}
              required
              autoFocus
            />
            {create.error ? <ErrorMessage title="Could not create the key" message={create.error.message} /> : null}
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending || name.trim() === ""}>
                {create.isPending ? "Creating…" : "Create"}
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
