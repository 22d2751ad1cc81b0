import { asObject, endStream, modelParameters, observeAsyncIterable, usageOf, type CallRecorder, type Json } from "./recorder.js";

const NOT_PARAMETERS = ["model", "messages", "stream", "stream_options", "tools", "functions", "metadata", "store", "user"] as const;

interface ToolCallAccumulator {
  id?: string;
  type: string;
  function: { name: string; arguments: string };
}

/** `chat.completions.create`: messages in, one message per choice out (content and tool calls). */
export const chatCall: CallRecorder = {
  spanName: "openai.chat.completions",

  start(params) {
    const metadata: Json = {};
    if (params.tools !== undefined) metadata.tools = params.tools;
    if (params.user !== undefined) metadata.user = params.user;
    return {
      model: typeof params.model === "string" ? params.model : undefined,
      input: params.messages,
      modelParameters: modelParameters(params, NOT_PARAMETERS),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
    };
  },

  finish(response, span) {
    const body = asObject(response);
    if (!body) return;
    const choices = Array.isArray(body.choices) ? body.choices.map(asObject) : [];
    const messages = choices.map((choice) => choice?.message);
    span.update({
      model: typeof body.model === "string" ? body.model : undefined,
      output: messages.length === 1 ? messages[0] : messages,
      usage: usageOf(body.usage),
    });
    recordFinish(span, body.id, choices.map((c) => c?.finish_reason));
  },

  observeStream(stream, span) {
    const contents: string[] = [];
    const toolCalls: ToolCallAccumulator[][] = [];
    const finishReasons: unknown[] = [];
    let roleSeen = "assistant";
    let model: string | undefined;
    let id: unknown;
    let usage: unknown;
    let first = true;
    return observeAsyncIterable(
      stream,
      (item) => {
        const chunk = asObject(item);
        if (!chunk) return;
        if (typeof chunk.model === "string") model = chunk.model;
        id ??= chunk.id;
        if (chunk.usage) usage = chunk.usage;
        for (const choice of Array.isArray(chunk.choices) ? chunk.choices.map(asObject) : []) {
          const index = typeof choice?.index === "number" ? choice.index : 0;
          const delta = asObject(choice?.delta);
          if (choice?.finish_reason) finishReasons[index] = choice.finish_reason;
          if (!delta) continue;
          if (typeof delta.role === "string") roleSeen = delta.role;
          // The first chunk often carries only the role and an empty content: not a token yet.
          if (first && ((typeof delta.content === "string" && delta.content !== "") || Array.isArray(delta.tool_calls))) {
            first = false;
            span.markCompletionStart();
          }
          if (typeof delta.content === "string") contents[index] = (contents[index] ?? "") + delta.content;
          for (const call of Array.isArray(delta.tool_calls) ? delta.tool_calls.map(asObject) : []) {
            const calls = (toolCalls[index] ??= []);
            const at = typeof call?.index === "number" ? call.index : calls.length;
            const slot = (calls[at] ??= { type: "function", function: { name: "", arguments: "" } });
            if (typeof call?.id === "string") slot.id = call.id;
            const fn = asObject(call?.function);
            if (typeof fn?.name === "string") slot.function.name += fn.name;
            if (typeof fn?.arguments === "string") slot.function.arguments += fn.arguments;
          }
        }
      },
      (error) =>
        endStream(span, error, () => {
          const count = Math.max(contents.length, toolCalls.length, 1);
          const messages = Array.from({ length: count }, (_, i) => {
            const message: Json = { role: roleSeen, content: contents[i] || null };
            if (toolCalls[i]?.length) message.tool_calls = toolCalls[i]!.filter(Boolean);
            return message;
          });
          span.update({ model, output: messages.length === 1 ? messages[0] : messages, usage: usageOf(usage) });
          recordFinish(span, id, finishReasons);
        }),
    );
  },
};

function recordFinish(span: { setAttribute(key: string, value: string | string[]): unknown }, id: unknown, reasons: unknown[]): void {
  if (typeof id === "string") span.setAttribute("gen_ai.response.id", id);
  const finish = reasons.filter((r): r is string => typeof r === "string");
  if (finish.length > 0) span.setAttribute("gen_ai.response.finish_reasons", finish);
}
