import { asObject, endStream, modelParameters, observeAsyncIterable, usageOf, type CallRecorder, type Json } from "./recorder.js";
import type { AnySpanHandle } from "../handles.js";

const NOT_PARAMETERS = ["model", "input", "instructions", "stream", "stream_options", "tools", "metadata", "store", "user", "previous_response_id"] as const;

/** `responses.create`: instructions + input in; output text and function calls out. */
export const responsesCall: CallRecorder = {
  spanName: "openai.responses",

  start(params) {
    const input: unknown[] = [];
    if (typeof params.instructions === "string") input.push({ role: "system", content: params.instructions });
    if (typeof params.input === "string") input.push({ role: "user", content: params.input });
    else if (Array.isArray(params.input)) input.push(...(params.input as unknown[]));
    const metadata: Json = {};
    if (params.tools !== undefined) metadata.tools = params.tools;
    if (params.previous_response_id !== undefined) metadata.previous_response_id = params.previous_response_id;
    return {
      model: typeof params.model === "string" ? params.model : undefined,
      input,
      modelParameters: modelParameters(params, NOT_PARAMETERS),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    };
  },

  finish(response, span) {
    recordResponse(asObject(response), span, undefined);
  },

  observeStream(stream, span) {
    let text = "";
    let first = true;
    let final: Json | undefined;
    let streamError: string | undefined;
    return observeAsyncIterable(
      stream,
      (item) => {
        const event = asObject(item);
        if (!event) return;
        if (event.type === "response.output_text.delta" && typeof event.delta === "string") {
          if (first) {
            first = false;
            span.markCompletionStart();
          }
          text += event.delta;
        } else if (event.type === "response.function_call_arguments.delta" && first) {
          first = false;
          span.markCompletionStart();
        } else if (event.type === "response.completed" || event.type === "response.incomplete" || event.type === "response.failed") {
          final = asObject(event.response);
        } else if (event.type === "error") {
          streamError = typeof event.message === "string" ? event.message : "stream error";
        }
      },
      (error) =>
        endStream(span, error, () => {
          recordResponse(final, span, text);
          if (streamError !== undefined) span.setStatus("error", streamError);
        }),
    );
  },
};

function recordResponse(body: Json | undefined, span: AnySpanHandle, streamedText: string | undefined): void {
  if (!body) {
    if (streamedText) span.setOutput({ role: "assistant", content: streamedText });
    return;
  }
  const items = Array.isArray(body.output) ? body.output.map(asObject) : [];
  let text = typeof body.output_text === "string" ? body.output_text : "";
  if (!text) {
    for (const item of items) {
      if (item?.type !== "message" || !Array.isArray(item.content)) continue;
      for (const part of item.content.map(asObject)) if (part?.type === "output_text" && typeof part.text === "string") text += part.text;
    }
  }
  if (!text && streamedText) text = streamedText;
  const toolCalls = items
    .filter((item) => item?.type === "function_call")
    .map((item) => ({ id: item!.call_id, type: "function", function: { name: item!.name, arguments: item!.arguments } }));
  const output: Json = { role: "assistant", content: text || null };
  if (toolCalls.length > 0) output.tool_calls = toolCalls;
  span.update({ model: typeof body.model === "string" ? body.model : undefined, output, usage: usageOf(body.usage) });
  if (typeof body.id === "string") span.setAttribute("gen_ai.response.id", body.id);
  if (typeof body.status === "string") span.setAttribute("gen_ai.response.finish_reasons", [body.status]);
  const error = asObject(body.error);
  if (body.status === "failed") span.setStatus("error", typeof error?.message === "string" ? error.message : "response failed");
}
