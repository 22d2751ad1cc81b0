import type { ChatMessage } from "../model/span";
import type { AttributeMap } from "../otlp/types";
import { toChatMessages, toToolCalls } from "./messages";
import { asString, isPlainObject, parseJsonLoose, parseJsonStrict } from "./values";

/**
 * The Vercel AI SDK's older `ai.*` telemetry (still emitted by ai@5/6 and by ai@7's
 * LegacyOpenTelemetry): the prompt, the response and the call settings.
 */

/** `ai.prompt.messages` (model calls), else `ai.prompt` = `{system?, prompt | messages}` (outer calls). */
export function vercelInput(span: AttributeMap): unknown {
  const messages = span["ai.prompt.messages"];
  if (messages !== undefined) return toChatMessages(messages) ?? parseJsonLoose(messages);
  const raw = span["ai.prompt"];
  if (raw === undefined) return undefined;
  const prompt = parseJsonStrict(raw);
  if (!isPlainObject(prompt)) return prompt;
  const out: ChatMessage[] = [];
  const system = asString(prompt.system);
  if (system) out.push({ role: "system", content: system });
  const text = asString(prompt.prompt);
  const list = toChatMessages(prompt.messages ?? (Array.isArray(prompt.prompt) ? prompt.prompt : undefined));
  if (list) out.push(...list);
  else if (text) out.push({ role: "user", content: text });
  return out.length > 0 ? out : prompt;
}

/**
 * `ai.response.text` and `ai.response.toolCalls` as one assistant message (with
 * `ai.response.finishReason`), else the generated object (`ai.response.object`).
 */
export function vercelOutput(span: AttributeMap): unknown {
  const text = asString(span["ai.response.text"]);
  const toolCalls = span["ai.response.toolCalls"] === undefined ? [] : toToolCalls(span["ai.response.toolCalls"]);
  if (text !== undefined || toolCalls.length > 0) {
    const message: ChatMessage = { role: "assistant", content: text ?? null };
    if (toolCalls.length > 0) message.toolCalls = toolCalls;
    const finish = asString(span["ai.response.finishReason"]);
    if (finish) message.finishReason = finish;
    return [message];
  }
  const object = span["ai.response.object"];
  return object === undefined ? undefined : parseJsonStrict(object);
}

const SETTINGS = "ai.settings.";

/** `ai.settings.*` (temperature, maxOutputTokens, topP, …) as model parameters. */
export function vercelSettings(span: AttributeMap): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const key in span) if (key.startsWith(SETTINGS)) (out ??= {})[key.slice(SETTINGS.length)] = span[key];
  return out;
}
