import { Langfuse } from "langfuse";
import { INPUT_MESSAGES, MODEL, MODEL_PARAMETERS, OUTPUT_MESSAGE, QUERY, SESSION_ID, USAGE, USER_ID, type SdkAdapter } from "../workload";

/**
 * The classic `langfuse` package (v3, its own batched ingestion API, default settings).
 * It has no async context: children hang off the objects explicitly. The trace object is
 * its own event besides the 5 observations, as that SDK models it.
 */
export function createAdapter(sinkUrl: string): SdkAdapter {
  const langfuse = new Langfuse({ baseUrl: sinkUrl, publicKey: "pk-lf-bench", secretKey: "sk-lf-bench" });
  return {
    runTrace() {
      const trace = langfuse.trace({ name: "handle-request", userId: USER_ID, sessionId: SESSION_ID });
      const root = trace.span({ name: "handle-request" });
      root.span({ name: "search-docs", input: QUERY }).end();
      root.span({ name: "lookup-account" }).end();
      root.generation({ name: "answer", model: MODEL, modelParameters: MODEL_PARAMETERS, input: INPUT_MESSAGES }).end({ output: OUTPUT_MESSAGE, usage: USAGE });
      root.span({ name: "format" }).end();
      root.end();
    },
    flush: () => langfuse.flushAsync(),
    shutdown: () => langfuse.shutdownAsync(),
  };
}
