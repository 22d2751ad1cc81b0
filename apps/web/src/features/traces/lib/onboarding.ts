/**
 * What a project with no traces yet needs to send its first one: the OTLP endpoints and
 * copy-paste snippets. Pure, so the text is tested and the component only lays it out.
 */
export interface OnboardingSnippets {
  otlpEndpoint: string;
  otlpShortEndpoint: string;
  install: string;
  sdkExample: string;
  otelEnv: string;
}

export function onboardingSnippets(origin: string): OnboardingSnippets {
  const base = origin.replace(/\/+$/, "");
  const otlpEndpoint = `${base}/api/public/otel/v1/traces`;
  return {
    otlpEndpoint,
    otlpShortEndpoint: `${base}/v1/traces`,
    install: "npm i @sightline/sdk",
    sdkExample: `import { Sightline } from "@sightline/sdk";

const sightline = new Sightline({
  baseUrl: "${base}",
  publicKey: process.env.SIGHTLINE_PUBLIC_KEY!,
  secretKey: process.env.SIGHTLINE_SECRET_KEY!,
});

await sightline.trace("answer-question", async () => {
  await sightline.generation("llm", async (g) => {
    g.update({ output: "Hello!", usage: { input: 12, output: 3 } });
  }, { model: "gpt-4o-mini", provider: "openai", input: [{ role: "user", content: "Hi" }] });
}, { userId: "user-1" });

await sightline.shutdown();`,
    otelEnv: `# The exporter appends /v1/traces: spans go to ${otlpEndpoint}
export OTEL_EXPORTER_OTLP_ENDPOINT="${base}/api/public/otel"
export OTEL_EXPORTER_OTLP_HEADERS="Authorization=Basic $(printf '%s:%s' "$SIGHTLINE_PUBLIC_KEY" "$SIGHTLINE_SECRET_KEY" | base64 -w0)"
export OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf"`,
  };
}
