"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/button";
import { ErrorMessage } from "@/components/error-message";
import { Input } from "@/components/input";
import { useTRPC } from "@/lib/trpc/client";
import { formatRate } from "../lib/price-form";

/** "Which price does this model name get?" — asks the server, so overrides count exactly as at ingest. */
export function TestModelName({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState("");
  const [model, setModel] = useState<string | null>(null);
  const match = useQuery({ ...trpc.models.match.queryOptions({ projectId, model: model ?? "" }), enabled: model !== null });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.trim() !== "") setModel(draft.trim());
  }

  return (
    <div className="space-y-3 px-5 py-4">
      <form onSubmit={submit} className="flex items-end gap-2">
        <div className="flex-1">
          <Input
            label="Test a model name"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            placeholder="e.g. us.anthropic.claude-3-5-sonnet-20241022-v2:0"
            className="font-mono"
            maxLength={1024}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={draft.trim() === ""}>
          Test
        </Button>
      </form>
      {model === null ? null : match.isPending ? (
        <p className="text-sm text-gray-500">Looking up…</p>
      ) : match.error ? (
        <ErrorMessage title="Could not test the name" message={match.error.message} />
      ) : match.data.price ? (
        <p className="text-sm text-gray-700" data-testid="model-match-result">
          <code className="font-mono">{match.data.model}</code> is priced by{" "}
          <strong>{match.data.price.source === "project" ? "this project's override" : "the built-in table"}</strong>{" "}
          <code className="font-mono">{match.data.price.source === "project" ? match.data.price.pattern : match.data.price.model}</code>: input{" "}
          {formatRate(match.data.price.input)}, output {formatRate(match.data.price.output)}, cached{" "}
          {formatRate(match.data.price.cachedInput)} per million tokens.
          {match.data.normalized !== match.data.model.toLowerCase() ? (
            <span className="text-gray-500"> (read as <code className="font-mono">{match.data.normalized}</code>)</span>
          ) : null}
        </p>
      ) : (
        <p className="text-sm text-amber-800" data-testid="model-match-result">
          No price matches <code className="font-mono">{match.data.model}</code>: its spans will show “no price”. Add an
          override to price it.
        </p>
      )}
    </div>
  );
}
