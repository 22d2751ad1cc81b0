/**
 * The one workload every SDK runs: a trace of 5 spans (root, retrieval, tool, generation,
 * post-processing) whose generation carries ~1 KB of input messages and ~1 KB of output.
 * Payloads are built once, so the measured cost is the SDK's, not the app's.
 */
const sentence = "Sightline stores spans in ClickHouse and users in Postgres; the query layer joins them per project. ";

export const SPANS_PER_TRACE = 5;

export const INPUT_MESSAGES = [
  { role: "system", content: "You answer questions about the Sightline documentation, briefly and with sources." },
  { role: "user", content: sentence.repeat(9).slice(0, 900) },
];

export const OUTPUT_MESSAGE = { role: "assistant", content: sentence.repeat(10).slice(0, 1000) };

export const MODEL = "gpt-4o-mini";
export const MODEL_PARAMETERS = { temperature: 0.2, max_tokens: 512 };
export const USAGE = { input: 260, output: 240 };
export const QUERY = "where are spans stored?";
export const USER_ID = "user-123";
export const SESSION_ID = "session-456";

/** What each adapter implements: one call = one trace of {@link SPANS_PER_TRACE} spans, synchronously. */
export interface SdkAdapter {
  runTrace(): void;
  /** Sends everything queued; resolves when the sink answered. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}
