"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { Dialog } from "@/components/dialog";
import { ErrorMessage } from "@/components/error-message";
import { Input } from "@/components/input";
import { useTRPC } from "@/lib/trpc/client";
import { fieldErrorsFromServer, payloadFromForm, type FieldErrors, type PriceField, type PriceFormValues } from "../lib/price-form";

const RATE_FIELDS: { field: Exclude<PriceField, "matchType" | "pattern">; label: string; hint: string }[] = [
  { field: "input", label: "Input", hint: "Required" },
  { field: "output", label: "Output", hint: "Required" },
  { field: "cachedInput", label: "Cached input", hint: "Empty: billed as input" },
  { field: "cacheCreation", label: "Cache write", hint: "Empty: billed as input" },
  { field: "reasoning", label: "Reasoning", hint: "Empty: billed as output" },
];

/**
 * Add or edit a project price override. Browser-side checks catch typos early; the
 * server's reasons (invalid regex, limits, duplicates) are shown next to their field.
 */
export function PriceOverrideDialog({
  projectId,
  open,
  onClose,
  initial,
  overrideId,
}: {
  projectId: string;
  open: boolean;
  onClose: () => void;
  initial: PriceFormValues;
  /** Set when editing an existing override. */
  overrideId?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const onSuccess = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.models.pathKey() });
    onClose();
  };
  const onError = (error: { message: string }) => setErrors(fieldErrorsFromServer(error.message));
  const create = useMutation(trpc.models.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.models.update.mutationOptions({ onSuccess, onError }));
  const pending = create.isPending || update.isPending;

  const set = (field: PriceField, value: string) => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined, form: undefined }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = payloadFromForm(form);
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    if (overrideId) update.mutate({ projectId, id: overrideId, ...checked.payload });
    else create.mutate({ projectId, ...checked.payload });
  }

  return (
    <Dialog open={open} onClose={onClose} title={overrideId ? "Edit price override" : "Add price override"}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-gray-900">Match</legend>
          <div className="flex gap-4 text-sm">
            {(["exact", "regex"] as const).map((type) => (
              <label key={type} className="flex items-center gap-1.5">
                <input type="radio" name="matchType" value={type} checked={form.matchType === type} onChange={() => set("matchType", type)} />
                {type === "exact" ? "Exact model name" : "Regular expression"}
              </label>
            ))}
          </div>
        </fieldset>
        <Field error={errors.pattern}>
          <Input
            label={form.matchType === "exact" ? "Model name" : "Pattern (case-insensitive)"}
            value={form.pattern}
            onChange={(event) => set("pattern", event.target.value)}
            placeholder={form.matchType === "exact" ? "e.g. my-azure-gpt4o-deployment" : "e.g. ^acme-llm-\\d+$"}
            maxLength={200}
            autoFocus
            aria-invalid={errors.pattern ? true : undefined}
            className="font-mono"
          />
        </Field>
        <div>
          <p className="text-sm font-medium text-gray-900">USD per million tokens</p>
          <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-3">
            {RATE_FIELDS.map(({ field, label, hint }) => (
              <Field key={field} error={errors[field]} hint={hint}>
                <Input
                  label={label}
                  inputMode="decimal"
                  value={form[field]}
                  onChange={(event) => set(field, event.target.value)}
                  aria-invalid={errors[field] ? true : undefined}
                />
              </Field>
            ))}
          </div>
        </div>
        {errors.form ? <ErrorMessage title="Could not save the price" message={errors.form} /> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function Field({ error, hint, children }: { error?: string; hint?: string; children: React.ReactNode }) {
  return (
    <div>
      {children}
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p className="mt-1 text-xs text-gray-500">{hint}</p>
      ) : null}
    </div>
  );
}
