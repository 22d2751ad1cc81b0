/**
 * What a person copies right after creating a key: the OTLP endpoint and environment
 * variables for our SDK and for any OpenTelemetry exporter. Pure, so it is unit-tested.
 */
export interface KeySnippets {
  endpoint: string;
  sdkEnv: string;
  otelEnv: string;
}

export function keySnippets(origin: string, publicKey: string, secretKey: string): KeySnippets {
  const base = origin.replace(/\/+$/, "");
  const basic = base64(`${publicKey}:${secretKey}`);
  return {
    endpoint: `${base}/api/public/otel/v1/traces`,
    sdkEnv: [`SIGHTLINE_BASE_URL=${base}`, `SIGHTLINE_PUBLIC_KEY=${publicKey}`, `SIGHTLINE_SECRET_KEY=${secretKey}`].join("\n"),
    otelEnv: [
      `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=${base}/api/public/otel/v1/traces`,
      `OTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Basic ${basic}"`,
    ].join("\n"),
  };
}

// Runs in the browser and in Node: btoa over UTF-8 bytes (keys are ASCII, but be exact).
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
