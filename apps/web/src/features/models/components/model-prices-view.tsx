"use client";

import { useQuery } from "@tanstack/react-query";
import type { ModelPrice } from "@sightline/core";
import { useState } from "react";
import { Button } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { ErrorMessage } from "@/components/error-message";
import { Input } from "@/components/input";
import { Spinner } from "@/components/spinner";
import { useTRPC } from "@/lib/trpc/client";
import { EMPTY_PRICE_FORM, formatRate, formFromPrice, priceMatchesSearch, type PriceFormValues } from "../lib/price-form";
import { DeleteOverrideButton } from "./delete-override-button";
import { PriceOverrideDialog } from "./price-override-dialog";
import { TestModelName } from "./test-model-name";

interface Editing {
  key: number;
  initial: PriceFormValues;
  overrideId?: string;
}

/** The settings page body: test box, the project's overrides, the built-in table, one search. */
export function ModelPricesView({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const prices = useQuery(trpc.models.list.queryOptions({ projectId }));
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<Editing | null>(null);
  const edit = (initial: PriceFormValues, overrideId?: string) => setEditing({ key: Date.now(), initial, overrideId });

  if (prices.isPending) return <Spinner label="Loading model prices…" className="p-5" />;
  if (prices.error) return <ErrorMessage title="Could not load model prices" message={prices.error.message} />;
  const { builtin, overrides, canEdit } = prices.data;
  const shownOverrides = overrides.filter((price) => priceMatchesSearch(price, search));
  const shownBuiltin = builtin.filter((price) => priceMatchesSearch(price, search));

  return (
    <div className="divide-y divide-gray-200">
      <TestModelName projectId={projectId} />

      <div className="flex flex-wrap items-center gap-3 px-5 py-3">
        <div className="w-full max-w-sm">
          <Input
            type="search"
            aria-label="Search prices"
            placeholder="Search models, providers, patterns"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        {canEdit ? (
          <Button className="ml-auto" onClick={() => edit(EMPTY_PRICE_FORM)}>
            Add override
          </Button>
        ) : (
          <p className="ml-auto text-sm text-gray-500">Only owners and admins can change prices.</p>
        )}
      </div>

      <section aria-labelledby="overrides-heading">
        <h3 id="overrides-heading" className="px-5 pt-4 text-sm font-semibold text-gray-900">
          This project’s overrides <span className="font-normal text-gray-500">(tried first: exact names, then patterns)</span>
        </h3>
        {overrides.length === 0 ? (
          <div className="px-5 py-4">
            <EmptyState title="No overrides">
              Every model is priced from the built-in table below.{" "}
              {canEdit ? "Add an override for a model it lacks, or to use your negotiated price." : null}
            </EmptyState>
          </div>
        ) : shownOverrides.length === 0 ? (
          <p className="px-5 py-4 text-sm text-gray-500">No override matches “{search}”.</p>
        ) : (
          <PriceTable
            prices={shownOverrides}
            label="Project overrides"
            actions={
              canEdit
                ? (price) => (
                    <div className="flex justify-end gap-2">
                      <Button variant="secondary" size="sm" onClick={() => edit(formFromPrice(price), price.id)} aria-label={`Edit the price for ${price.pattern}`}>
                        Edit
                      </Button>
                      <DeleteOverrideButton projectId={projectId} id={price.id} pattern={price.pattern} />
                    </div>
                  )
                : undefined
            }
          />
        )}
      </section>

      <section aria-labelledby="builtin-heading">
        <h3 id="builtin-heading" className="px-5 pt-4 text-sm font-semibold text-gray-900">
          Built-in prices <span className="font-normal text-gray-500">(vendors’ list prices; first match wins)</span>
        </h3>
        {shownBuiltin.length === 0 ? (
          <p className="px-5 py-4 text-sm text-gray-500">No built-in price matches “{search}”.</p>
        ) : (
          <PriceTable
            prices={shownBuiltin}
            label="Built-in prices"
            actions={
              canEdit
                ? (price) => (
                    <div className="flex justify-end">
                      <Button variant="ghost" size="sm" onClick={() => edit(formFromPrice(price, true))} aria-label={`Override the price of ${price.model}`}>
                        Override
                      </Button>
                    </div>
                  )
                : undefined
            }
          />
        )}
      </section>

      {editing ? (
        <PriceOverrideDialog
          key={editing.key}
          projectId={projectId}
          open
          onClose={() => setEditing(null)}
          initial={editing.initial}
          overrideId={editing.overrideId}
        />
      ) : null}
    </div>
  );
}

function PriceTable({ prices, label, actions }: { prices: readonly ModelPrice[]; label: string; actions?: (price: ModelPrice) => React.ReactNode }) {
  return (
    <div className="overflow-x-auto px-5 pt-2 pb-4">
      <table aria-label={label} className="min-w-full divide-y divide-gray-200 text-sm">
        <thead className="text-left text-xs font-medium tracking-wide text-gray-500 uppercase">
          <tr>
            <th className="py-2 pr-4">Model</th>
            <th className="py-2 pr-4">Provider</th>
            <th className="py-2 pr-4">Match</th>
            <th className="py-2 pr-4 text-right">Input</th>
            <th className="py-2 pr-4 text-right">Cached input</th>
            <th className="py-2 pr-4 text-right">Cache write</th>
            <th className="py-2 pr-4 text-right">Output</th>
            <th className="py-2 pr-4 text-right">Reasoning</th>
            {actions ? (
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100">
          {prices.map((price) => (
            <tr key={price.id} data-testid="model-price-row">
              <td className="py-2 pr-4 font-medium text-gray-900">{price.model}</td>
              <td className="py-2 pr-4 text-gray-600">{price.provider || "—"}</td>
              <td className="max-w-xs truncate py-2 pr-4 font-mono text-xs text-gray-500" title={price.pattern}>
                {price.matchType === "exact" ? `= ${price.pattern}` : (price.matchHint ?? price.pattern)}
                {price.matchHint ? <span className="font-sans text-gray-400"> + dates, prefixes</span> : null}
              </td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatRate(price.input)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatRate(price.cachedInput)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatRate(price.cacheCreation)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatRate(price.output)}</td>
              <td className="py-2 pr-4 text-right tabular-nums">{formatRate(price.reasoning)}</td>
              {actions ? <td className="py-2">{actions(price)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
