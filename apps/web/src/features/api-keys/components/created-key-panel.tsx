"use client";

import { CodeBlock } from "@/components/code-block";
import { keySnippets } from "../lib/key-snippets";

/** The one and only view of a new secret, with everything needed to start sending spans. */
export function CreatedKeyPanel({ origin, publicKey, secretKey }: { origin: string; publicKey: string; secretKey: string }) {
  const snippets = keySnippets(origin, publicKey, secretKey);
  return (
    <div className="space-y-4" data-testid="created-key">
      <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
        Copy the secret key now: it is shown only once and stored only as a hash.
      </p>
      <CodeBlock label="Public key" value={publicKey} testId="new-public-key" />
      <CodeBlock label="Secret key" value={secretKey} testId="new-secret-key" />
      <CodeBlock label="OTLP/HTTP endpoint (protobuf or JSON)" value={snippets.endpoint} />
      <CodeBlock label="Environment for @sightline/sdk" value={snippets.sdkEnv} />
      <CodeBlock label="Environment for an OpenTelemetry exporter" value={snippets.otelEnv} />
    </div>
  );
}
