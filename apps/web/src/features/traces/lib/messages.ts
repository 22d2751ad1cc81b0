import type { ChatMessage, ToolCall } from "@sightline/core";
import { isRecord, parseJsonContainer, toDisplayText } from "./json-value";

/** A chat message ready to render; `reasoning` holds a model's visible thinking, if sent. */
export interface DisplayMessage extends ChatMessage {
  reasoning?: string;
}

export type MessageRole = "system" | "user" | "assistant" | "tool" | "other";

const ROLE_ALIASES: Record<string, MessageRole> = {
  system: "system",
  developer: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  ai: "assistant",
  model: "assistant",
  tool: "tool",
  function: "tool",
  ipython: "tool",
};

/** The role family a message is styled by; the original role string is still shown. */
export function roleFamily(role: string): MessageRole {
  return ROLE_ALIASES[role.toLowerCase()] ?? "other";
}

/**
 * Reads chat messages out of a span's input or output, whatever shape the convention
 * left them in: our canonical `ChatMessage[]`, OpenAI-style messages (string or part
 * arrays, `tool_calls` with `function`), OTel GenAI messages with `parts`, `{messages}`
 * wrappers, OpenAI `{choices}` responses, or any of these as a JSON string.
 * Returns null when the value is not a conversation, so the caller shows it as data.
 */
export function normalizeMessages(value: unknown): DisplayMessage[] | null {
  const parsed = parseJsonContainer(value);
  if (Array.isArray(parsed)) {
    if (parsed.length === 0 || !parsed.every(looksLikeMessage)) return null;
    return parsed.map(toDisplayMessage);
  }
  if (!isRecord(parsed)) return null;
  if (Array.isArray(parsed.messages)) return normalizeMessages(parsed.messages);
  if (Array.isArray(parsed.choices)) {
    const messages = parsed.choices.flatMap((choice) => {
      if (!isRecord(choice) || !looksLikeMessage(choice.message)) return [];
      const message = toDisplayMessage(choice.message);
      const finish = text(choice.finish_reason ?? choice.finishReason);
      return [finish && !message.finishReason ? { ...message, finishReason: finish } : message];
    });
    return messages.length > 0 ? messages : null;
  }
  if (looksLikeMessage(parsed)) return [toDisplayMessage(parsed)];
  return null;
}

/**
 * A generation's output: messages when it has them; plain text becomes one assistant
 * message (most SDKs record the completion text alone).
 */
export function normalizeGenerationOutput(value: unknown): DisplayMessage[] | null {
  const messages = normalizeMessages(value);
  if (messages) return messages;
  const parsed = parseJsonContainer(value);
  if (typeof parsed === "string" && parsed.trim() !== "") return [{ role: "assistant", content: parsed }];
  return null;
}

function looksLikeMessage(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && typeof value.role === "string" && value.role !== "";
}

/** What the parts of one message add up to. */
interface MessageParts {
  texts: string[];
  reasoning: string[];
  toolCalls: ToolCall[];
  toolCallId?: string;
}

function toDisplayMessage(raw: Record<string, unknown>): DisplayMessage {
  const parts: MessageParts = { texts: [], reasoning: [], toolCalls: [] };
  const ownToolCallId = text(raw.toolCallId ?? raw.tool_call_id);
  if (ownToolCallId) parts.toolCallId = ownToolCallId;

  collectContent(raw.content, parts);
  collectContent(raw.parts, parts); // OTel GenAI: content lives in typed parts.
  const rawCalls = raw.toolCalls ?? raw.tool_calls;
  if (Array.isArray(rawCalls)) {
    for (const call of rawCalls) {
      const parsedCall = isRecord(call) ? toToolCall(call) : undefined;
      if (parsedCall) parts.toolCalls.push(parsedCall);
    }
  }

  const message: DisplayMessage = {
    role: String(raw.role),
    content: parts.texts.length > 0 ? parts.texts.join("\n\n") : null,
  };
  const name = text(raw.name);
  if (name) message.name = name;
  if (parts.toolCallId) message.toolCallId = parts.toolCallId;
  if (parts.toolCalls.length > 0) message.toolCalls = parts.toolCalls;
  const finishReason = text(raw.finishReason ?? raw.finish_reason);
  if (finishReason) message.finishReason = finishReason;
  if (parts.reasoning.length > 0) message.reasoning = parts.reasoning.join("\n\n");
  return message;
}

/**
 * A message's content: a string, an array of typed parts (OpenAI, Anthropic, OTel GenAI),
 * or any other value, shown as JSON.
 */
function collectContent(content: unknown, parts: MessageParts): void {
  if (content === null || content === undefined) return;
  if (typeof content === "string") {
    if (content !== "") parts.texts.push(content);
    return;
  }
  if (!Array.isArray(content)) {
    parts.texts.push(toDisplayText(content));
    return;
  }
  for (const part of content) {
    if (typeof part === "string") {
      parts.texts.push(part);
      continue;
    }
    if (!isRecord(part)) continue;
    const type = text(part.type) ?? "text";
    const partText = text(part.text ?? part.content);
    if (type === "reasoning" || type === "thinking") {
      const thought = partText ?? text(part.thinking);
      if (thought) parts.reasoning.push(thought);
    } else if (type === "tool_call" || type === "tool_use" || type === "function_call") {
      const call = toToolCall(part);
      if (call) parts.toolCalls.push(call);
    } else if (type === "tool_call_response" || type === "tool_result") {
      const id = text(part.id ?? part.tool_use_id);
      if (id) parts.toolCallId ??= id;
      const response = part.response ?? part.result ?? part.content;
      if (Array.isArray(response)) collectContent(response, parts);
      else parts.texts.push(toDisplayText(parseJsonContainer(response)));
    } else if ((type === "text" || type === "input_text" || type === "output_text") && partText !== undefined) {
      parts.texts.push(partText);
    } else {
      parts.texts.push(describeNonTextPart(type, part));
    }
  }
}

/** Images, audio and files are shown as a labelled reference, never fetched or rendered. */
function describeNonTextPart(type: string, part: Record<string, unknown>): string {
  const imageUrl = isRecord(part.image_url) ? text(part.image_url.url) : text(part.image_url);
  const reference =
    imageUrl ?? text(part.uri) ?? text(part.url) ?? text(part.file_id) ?? text(part.mime_type) ?? undefined;
  const modality = text(part.modality);
  const label = modality ? `${type}: ${modality}` : type;
  if (reference && !reference.startsWith("data:")) return `[${label}] ${reference}`;
  if (reference) return `[${label}] (inline data, ${reference.length} chars)`;
  return `[${label}]`;
}

function toToolCall(raw: Record<string, unknown>): ToolCall | undefined {
  const fn = isRecord(raw.function) ? raw.function : undefined;
  const name = text(fn?.name ?? raw.name);
  if (!name) return undefined;
  const args = fn?.arguments ?? raw.arguments ?? raw.args ?? raw.input;
  const call: ToolCall = { name };
  const id = text(raw.id);
  if (id) call.id = id;
  if (args !== undefined && args !== null) call.arguments = toDisplayText(parseJsonContainer(args));
  return call;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
