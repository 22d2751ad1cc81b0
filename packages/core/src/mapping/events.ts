import type { ChatMessage, SpanEvaluation } from "../model/span";
import type { AttributeMap, OtlpEvent } from "../otlp/types";
import { toChatMessages, toToolCalls } from "./messages";
import { asNumber, asString, isPlainObject, parseJsonLoose, toText } from "./values";

/**
 * Content carried by span events rather than attributes: the deprecated OTel GenAI message
 * events (`gen_ai.{system,user,assistant,tool}.message` → input, `gen_ai.choice` → output),
 * the older `gen_ai.content.prompt|completion` events, the newer
 * `gen_ai.client.inference.operation.details` event, and `gen_ai.evaluation.result`.
 */

const INPUT_EVENTS: Record<string, string> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};
const CHOICE_EVENT = "gen_ai.choice";
export const OPERATION_DETAILS_EVENT = "gen_ai.client.inference.operation.details";

/** Input messages from the deprecated per-message events, in event order. */
export function eventInputMessages(events: readonly OtlpEvent[]): ChatMessage[] | undefined {
  let out: ChatMessage[] | undefined;
  for (const event of events) {
    const role = INPUT_EVENTS[event.name];
    if (role) (out ??= []).push(eventMessage(event.attributes, role));
  }
  return out;
}

/** Output messages from `gen_ai.choice` events (`{index, finish_reason, message}`), in index order. */
export function eventChoiceMessages(events: readonly OtlpEvent[]): ChatMessage[] | undefined {
  let choices: { index: number; message: ChatMessage }[] | undefined;
  for (const event of events) {
    if (event.name !== CHOICE_EVENT) continue;
    const attrs = event.attributes;
    const body = parseJsonLoose(attrs.message);
    const message = eventMessage(isPlainObject(body) ? (body as AttributeMap) : attrs, "assistant");
    const finish = asString(attrs.finish_reason);
    if (finish && !message.finishReason) message.finishReason = finish;
    (choices ??= []).push({ index: asNumber(attrs.index) ?? choices.length, message });
  }
  return choices?.sort((a, b) => a.index - b.index).map((c) => c.message);
}

function eventMessage(attrs: AttributeMap, role: string): ChatMessage {
  const message: ChatMessage = { role: asString(attrs.role) ?? role, content: null };
  const content = attrs.content;
  if (content !== undefined && content !== null) {
    const parsed = parseJsonLoose(content);
    // Content may itself be a list of parts or a message; keep its text.
    const asMessages = Array.isArray(parsed) ? toChatMessages([{ role: message.role, content: parsed }]) : undefined;
    message.content = asMessages?.[0]?.content ?? toText(parsed);
  }
  const calls = attrs.tool_calls === undefined ? [] : toToolCalls(attrs.tool_calls);
  if (calls.length > 0) message.toolCalls = calls;
  const id = asString(attrs.id ?? attrs.tool_call_id);
  if (id && message.role === "tool") message.toolCallId = id;
  const finish = asString(attrs.finish_reason);
  if (finish) message.finishReason = finish;
  return message;
}

/** The attributes of the first event with this name (content events carry attribute-shaped values). */
export function eventAttributes(events: readonly OtlpEvent[], name: string): AttributeMap | undefined {
  for (const event of events) if (event.name === name) return event.attributes;
  return undefined;
}

/** `gen_ai.evaluation.result` events → evaluations (name required; score, label, explanation optional). */
export function eventEvaluations(events: readonly OtlpEvent[]): SpanEvaluation[] | undefined {
  let out: SpanEvaluation[] | undefined;
  for (const event of events) {
    if (event.name !== "gen_ai.evaluation.result") continue;
    const a = event.attributes;
    const name = asString(a["gen_ai.evaluation.name"]);
    if (!name) continue;
    const evaluation: SpanEvaluation = { name };
    const score = asNumber(a["gen_ai.evaluation.score.value"]);
    if (score !== undefined) evaluation.score = score;
    const label = asString(a["gen_ai.evaluation.score.label"]);
    if (label) evaluation.label = label;
    const explanation = asString(a["gen_ai.evaluation.explanation"]);
    if (explanation) evaluation.explanation = explanation;
    (out ??= []).push(evaluation);
  }
  return out;
}
