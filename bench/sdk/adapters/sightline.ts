import { Sightline } from "@sightline/sdk";
import { INPUT_MESSAGES, MODEL, MODEL_PARAMETERS, OUTPUT_MESSAGE, QUERY, SESSION_ID, USAGE, USER_ID, type SdkAdapter } from "../workload";

/** Our SDK, defaults (protobuf unless BENCH_SIGHTLINE_FORMAT=json). */
export function createAdapter(sinkUrl: string): SdkAdapter {
  const sightline = new Sightline({
    baseUrl: sinkUrl,
    publicKey: "pk-bench",
    secretKey: "sk-bench",
    format: process.env.BENCH_SIGHTLINE_FORMAT === "json" ? "json" : "protobuf",
  });
  return {
    runTrace() {
      sightline.trace(
        "handle-request",
        () => {
          sightline.retrieval("search-docs", () => {}, { query: QUERY });
          sightline.tool("lookup-account", () => {});
          sightline.generation(
            "answer",
            (g) => {
              g.update({ output: OUTPUT_MESSAGE, usage: USAGE });
            },
            { model: MODEL, input: INPUT_MESSAGES, modelParameters: MODEL_PARAMETERS },
          );
          sightline.span("format", () => {});
        },
        { userId: USER_ID, sessionId: SESSION_ID },
      );
    },
    flush: () => sightline.flush(),
    shutdown: () => sightline.shutdown(),
  };
}
