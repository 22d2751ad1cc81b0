import { describe, expect, it } from "vitest";
import { onboardingSnippets } from "./onboarding";

describe("onboardingSnippets", () => {
  const snippets = onboardingSnippets("https://sightline.example.test/");

  it("names both OTLP endpoints of this origin", () => {
    expect(snippets.otlpEndpoint).toBe("https://sightline.example.test/api/public/otel/v1/traces");
    expect(snippets.otlpShortEndpoint).toBe("https://sightline.example.test/v1/traces");
  });

  it("gives an SDK example of about ten lines that uses this origin and the key pair", () => {
    expect(snippets.install).toBe("npm i @sightline/sdk");
    expect(snippets.sdkExample).toContain('baseUrl: "https://sightline.example.test"');
    expect(snippets.sdkExample).toContain("new Sightline({");
    expect(snippets.sdkExample).toContain("sightline.trace(");
    expect(snippets.sdkExample).toContain("sightline.generation(");
    expect(snippets.sdkExample.split("\n").length).toBeLessThanOrEqual(16);
  });

  it("configures a plain OpenTelemetry exporter with Basic auth", () => {
    expect(snippets.otelEnv).toContain('OTEL_EXPORTER_OTLP_ENDPOINT="https://sightline.example.test/api/public/otel"');
    expect(snippets.otelEnv).toContain('OTEL_EXPORTER_OTLP_HEADERS="Authorization=Basic ');
  });
});
