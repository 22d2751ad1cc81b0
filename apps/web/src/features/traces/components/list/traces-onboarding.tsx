import Link from "next/link";
import { CodeBlock } from "@/components/code-block";
import { onboardingSnippets } from "../../lib/onboarding";

/** Shown while a project has no trace at all: where to send spans, and how. */
export function TracesOnboarding({ projectId, origin }: { projectId: string; origin: string }) {
  const snippets = onboardingSnippets(origin);
  const keysHref = `/project/${encodeURIComponent(projectId)}/settings/api-keys`;
  return (
    <section
      data-testid="traces-empty-state"
      className="rounded-lg border border-dashed border-gray-300 bg-white px-6 py-8 shadow-xs"
    >
      <div className="max-w-4xl">
        <h2 className="text-base font-semibold text-gray-900">No traces yet</h2>
        <p className="mt-1 text-sm text-gray-600">
          Send spans from your application with the Sightline SDK or any OpenTelemetry exporter. Both authenticate
          with a key pair from{" "}
          <Link href={keysHref} className="font-medium text-indigo-600 hover:text-indigo-500" data-testid="api-keys-link">
            API keys
          </Link>
          ; the first trace appears here seconds after it ends.
        </p>

        <div className="mt-6 space-y-5">
          <Step number={1} title="OTLP endpoint">
            <div className="space-y-2" data-testid="otlp-endpoint">
              <CodeBlock value={snippets.otlpEndpoint} />
              <p className="text-xs text-gray-500">
                Also at <code className="font-mono text-gray-700">{snippets.otlpShortEndpoint}</code>. OTLP/HTTP,
                protobuf or JSON, gzip welcome; <code className="font-mono">Authorization: Basic base64(publicKey:secretKey)</code>.
              </p>
            </div>
          </Step>
          <Step number={2} title="With the Sightline SDK">
            <div className="space-y-2" data-testid="sdk-snippet">
              <CodeBlock value={snippets.install} />
              <CodeBlock value={snippets.sdkExample} />
            </div>
          </Step>
          <Step number={3} title="Or with any OpenTelemetry exporter">
            <div data-testid="otel-snippet">
              <CodeBlock value={snippets.otelEnv} />
            </div>
          </Step>
        </div>

        <div className="mt-6">
          <Link
            href={keysHref}
            className="inline-flex items-center rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-500"
          >
            Create an API key
          </Link>
        </div>
      </div>
    </section>
  );
}

function Step({ number, title, children }: { number: number; title: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-3">
      <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-gray-900 text-xs font-semibold text-white">
        {number}
      </span>
      <div className="min-w-0 flex-1">
        <h3 className="mb-2 text-sm font-medium text-gray-900">{title}</h3>
        {children}
      </div>
    </div>
  );
}
