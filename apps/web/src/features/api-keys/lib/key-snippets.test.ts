import { describe, expect, it } from "vitest";
import { keySnippets } from "./key-snippets";

describe("keySnippets", () => {
  it("builds the endpoint and env blocks from the origin and the new key pair", () => {
    const s = keySnippets("https://sightline.example.com/", "pk-sl-abc", "sk-sl-secret");
    expect(s.endpoint).toBe("https://sightline.example.com/api/public/otel/v1/traces");
    expect(s.sdkEnv).toBe(
      "SIGHTLINE_BASE_URL=https://sightline.example.com\nSIGHTLINE_PUBLIC_KEY=pk-sl-abc\nSIGHTLINE_SECRET_KEY=sk-sl-secret",
    );
    const basic = Buffer.from("pk-sl-abc:sk-sl-secret").toString("base64");
    expect(s.otelEnv).toContain(`OTEL_EXPORTER_OTLP_TRACES_HEADERS="Authorization=Basic ${basic}"`);
    expect(s.otelEnv).toContain("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=https://sightline.example.com/api/public/otel/v1/traces");
  });
});
