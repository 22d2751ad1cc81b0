import { LangfuseSpanProcessor } from "@langfuse/otel";
import { propagateAttributes, startActiveObservation } from "@langfuse/tracing";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { INPUT_MESSAGES, MODEL, MODEL_PARAMETERS, OUTPUT_MESSAGE, QUERY, SESSION_ID, USAGE, USER_ID, type SdkAdapter } from "../workload";

/**
 * Langfuse's OpenTelemetry-based SDK (v4+: @langfuse/tracing + @langfuse/otel) as its docs
 * set it up: a NodeTracerProvider (OTel 2.x, which Langfuse requires) with the
 * LangfuseSpanProcessor (batched, OTLP/JSON to /api/public/otel/v1/traces).
 */
export function createAdapter(sinkUrl: string): SdkAdapter {
  const processor = new LangfuseSpanProcessor({ baseUrl: sinkUrl, publicKey: "pk-lf-bench", secretKey: "sk-lf-bench" });
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  return {
    runTrace() {
      startActiveObservation("handle-request", () =>
        // Langfuse's way to put user and session on every span of the trace.
        propagateAttributes({ userId: USER_ID, sessionId: SESSION_ID }, () => {
        startActiveObservation("search-docs", (r) => void r.update({ input: QUERY }), { asType: "retriever" });
        startActiveObservation("lookup-account", () => {}, { asType: "tool" });
        startActiveObservation(
          "answer",
          (g) => {
            g.update({ model: MODEL, modelParameters: MODEL_PARAMETERS, input: INPUT_MESSAGES, output: OUTPUT_MESSAGE, usageDetails: USAGE });
          },
          { asType: "generation" },
        );
        startActiveObservation("format", () => {});
        }),
      );
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
