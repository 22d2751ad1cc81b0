import type { ChatMessage, ToolCall } from "../model/span";
import type { AttributeMap } from "../otlp/types";
import { collectIndexed, type IndexedItem } from "./indexed";
import { asString, isPlainObject, parseJsonLoose, toText } from "./values";

/**
 * Chat messages from any structured shape we know:
 * - OTel GenAI: `{role, parts: [{type: text|reasoning|tool_call|tool_call_response|blob|uri|file, …}], name?, finish_reason?}`
 * - OpenAI: `{role, content: string | [{type:"text", text} …], tool_calls: [{id, function:{name, arguments}}], tool_call_id?, name?}`
 * - Anthropic content blocks: `{type:"text", text}`, `{type:"tool_use", id, name, input}`, `{type:"tool_result", tool_use_id, content}`
 * - a single message object, a wrapper `{messages: [...]}`, or an OpenAI response `{choices: [{message, finish_reason}]}`.
 * Returns undefined when the value is not a list of messages (so the caller keeps the raw value).
 */
export function toChatMessages(value: unknown): ChatMessage[] | undefined {
  const parsed = parseJsonLoose(value);
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) return undefined;
    const out: ChatMessage[] = [];
    for (const item of parsed) {
      const message = toChatMessage(item);
      if (!message) return undefined;
      out.push(message);
    }
    return out;
  }
  if (isPlainObject(parsed)) {
    if (Array.isArray(parsed.messages)) return toChatMessages(parsed.messages);
    if (typeof parsed.role === "string" && ("content" in parsed || "parts" in parsed || "tool_calls" in parsed)) {
      const single = toChatMessage(parsed);
      return single ? [single] : undefined;
    }
    if (Array.isArray(parsed.choices)) {
      const out: ChatMessage[] = [];
      for (const choice of parsed.choices) {
        if (!isPlainObject(choice)) return undefined;
        const message = toChatMessage(choice.message);
        if (!message) return undefined;
        const finish = asString(choice.finish_reason);
        if (finish && !message.finishReason) message.finishReason = finish;
        out.push(message);
      }
      return out.length > 0 ? out : undefined;
    }
  }
  return undefined;
}

function toChatMessage(item: unknown): ChatMessage | undefined {
  if (!isPlainObject(item)) return undefined;
  const role = asString(item.role);
  if (!role) return undefined;
  const message: ChatMessage = { role, content: null };
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  if (Array.isArray(item.parts)) readParts(item.parts, texts, toolCalls, message);
  if (typeof item.content === "string") texts.push(item.content);
  else if (Array.isArray(item.content)) readParts(item.content, texts, toolCalls, message);
  else if (item.content !== undefined && item.content !== null) texts.push(toText(item.content));
  const calls = parseJsonLoose(item.tool_calls);
  if (Array.isArray(calls)) for (const call of calls) pushToolCall(call, toolCalls);
  if (texts.length > 0) message.content = texts.join("\n");
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  const name = asString(item.name);
  if (name) message.name = name;
  const toolCallId = asString((item.tool_call_id ?? item.toolCallId));
  if (toolCallId) message.toolCallId = toolCallId;
  const finish = asString((item.finish_reason ?? item.finishReason));
  if (finish) message.finishReason = finish;
  return message;
}

function readParts(parts: unknown[], texts: string[], toolCalls: ToolCall[], message: ChatMessage): void {
  for (const part of parts) {
    if (typeof part === "string") {
      texts.push(part);
      continue;
    }
    if (!isPlainObject(part)) continue;
    switch (part.type) {
      case "text":
      case "input_text":
      case "output_text":
        texts.push(toText(part.content ?? part.text));
        break;
      case "reasoning":
      case "thinking":
        break; // the model's hidden reasoning is not what it said; it stays in `attributes`
      case "tool_call":
      case "tool_use":
      case "tool-call": {
        // OTel GenAI {id, name, arguments}; Anthropic {id, name, input}; Vercel {toolCallId, toolName, input|args}
        const id = asString(part.id ?? part.toolCallId);
        const args = part.arguments ?? part.input ?? part.args;
        toolCalls.push({ ...(id ? { id } : {}), name: toText(part.name ?? part.toolName), ...(args !== undefined ? { arguments: toText(args) } : {}) });
        break;
      }
      case "tool_call_response":
      case "tool_result":
      case "tool-result": {
        const id = asString(part.id ?? part.tool_use_id ?? part.toolCallId);
        if (id) message.toolCallId = id;
        texts.push(toText(unwrapVercelOutput(part.response ?? part.content ?? part.result ?? part.output)));
        break;
      }
      case "blob":
      case "uri":
      case "file":
      case "image_url":
      case "image":
        texts.push(mediaPlaceholder(part));
        break;
      default:
        if (typeof part.text === "string") texts.push(part.text);
        else if (typeof part.content === "string") texts.push(part.content);
    }
  }
}

/** Media is never inlined (it may be megabytes of base64): a marker with its kind and URL, if any. */
function mediaPlaceholder(part: Record<string, unknown>): string {
  const kind = toText(part.modality ?? part.mime_type ?? part.mediaType ?? part.type);
  const imageUrl = isPlainObject(part.image_url) ? part.image_url.url : part.image_url;
  const where = asString(part.uri ?? part.file_id ?? imageUrl) ?? httpUrl(part.image ?? part.data ?? part.url);
  return where ? `[${kind}: ${where}]` : `[${kind}]`;
}

function httpUrl(v: unknown): string | undefined {
  return typeof v === "string" && (v.startsWith("https://") || v.startsWith("http://")) ? v : undefined;
}

/** Vercel AI SDK tool results are `{type: "json" | "text" | …, value}`. */
function unwrapVercelOutput(v: unknown): unknown {
  return isPlainObject(v) && typeof v.type === "string" && "value" in v ? v.value : v;
}

/** An OpenAI `{id, function: {name, arguments}}` or Vercel `{toolCallId, toolName, input|args}` call. */
function pushToolCall(call: unknown, toolCalls: ToolCall[]): void {
  if (!isPlainObject(call)) return;
  const fn = isPlainObject(call.function) ? call.function : call;
  const id = asString(call.id ?? call.toolCallId);
  const args = fn.arguments ?? fn.input ?? fn.args;
  toolCalls.push({ ...(id ? { id } : {}), name: toText(fn.name ?? fn.toolName), ...(args !== undefined ? { arguments: toText(args) } : {}) });
}

/** Tool calls from a list (or its JSON text) in the OpenAI or Vercel shape. */
export function toToolCalls(value: unknown): ToolCall[] {
  const parsed = parseJsonLoose(value);
  const out: ToolCall[] = [];
  if (Array.isArray(parsed)) for (const call of parsed) pushToolCall(call, out);
  return out;
}

/** `gen_ai.system_instructions`: parts (or a plain text) → one leading system message. */
export function systemInstructionsMessage(value: unknown): ChatMessage | undefined {
  const parsed = parseJsonLoose(value);
  if (typeof parsed === "string") return parsed.trim() === "" ? undefined : { role: "system", content: parsed };
  if (!Array.isArray(parsed)) return undefined;
  const texts: string[] = [];
  const message: ChatMessage = { role: "system", content: null };
  readParts(parsed, texts, [], message);
  if (texts.length === 0) return undefined;
  message.content = texts.join("\n");
  return message;
}

/**
 * OpenInference flattened messages: `<prefix><i>.message.{role,content,name,tool_call_id}`,
 * `….message.tool_calls.<j>.tool_call.{id,function.name,function.arguments}` and
 * multimodal `….message.contents.<k>.message_content.{type,text,image.image.url}`.
 */
export function openInferenceMessages(attrs: AttributeMap, prefix: string): ChatMessage[] | undefined {
  const items = collectIndexed(attrs, prefix);
  if (items.length === 0) return undefined;
  return items.map((item) => {
    const message: ChatMessage = { role: asString(item.get("message.role")) ?? "unknown", content: null };
    const content = item.get("message.content");
    if (content !== undefined && content !== null) message.content = toText(content);
    else {
      const texts = collectIndexed(item, "message.contents.").map(contentText).filter((t) => t !== "");
      if (texts.length > 0) message.content = texts.join("\n");
    }
    const name = asString(item.get("message.name"));
    if (name) message.name = name;
    const toolCallId = asString(item.get("message.tool_call_id"));
    if (toolCallId) message.toolCallId = toolCallId;
    const finish = asString(item.get("message.finish_reason"));
    if (finish) message.finishReason = finish;
    const calls = collectIndexed(item, "message.tool_calls.").map((call) => {
      const id = asString(call.get("tool_call.id"));
      const args = call.get("tool_call.function.arguments");
      return {
        ...(id ? { id } : {}),
        name: toText(call.get("tool_call.function.name")),
        ...(args !== undefined && args !== null ? { arguments: toText(args) } : {}),
      };
    });
    if (calls.length > 0) message.toolCalls = calls;
    return message;
  });
}

function contentText(item: IndexedItem): string {
  const text = item.get("message_content.text");
  if (typeof text === "string") return text;
  const url = asString(item.get("message_content.image.image.url"));
  return url ? `[image: ${url}]` : "";
}

/**
 * OpenLLMetry (Traceloop) flattened messages: `<prefix><i>.{role,content,finish_reason}`
 * and `….tool_calls.<j>.{id,name,arguments}`.
 */
export function openLlmetryMessages(attrs: AttributeMap, prefix: string): ChatMessage[] | undefined {
  const items = collectIndexed(attrs, prefix);
  if (items.length === 0) return undefined;
  return items.map((item) => {
    const message: ChatMessage = { role: asString(item.get("role")) ?? "unknown", content: null };
    const content = item.get("content");
    // A tool-calling turn is sent with content "" (or the text "null"): it said nothing.
    if (content !== undefined && content !== null && content !== "" && content !== "null") message.content = toText(content);
    const finish = asString(item.get("finish_reason"));
    if (finish) message.finishReason = finish;
    const toolCallId = asString(item.get("tool_call_id"));
    if (toolCallId) message.toolCallId = toolCallId;
    const calls = collectIndexed(item, "tool_calls.").map((call) => {
      const id = asString(call.get("id"));
      const args = call.get("arguments");
      return { ...(id ? { id } : {}), name: toText(call.get("name")), ...(args !== undefined && args !== null ? { arguments: toText(args) } : {}) };
    });
    if (calls.length > 0) message.toolCalls = calls;
    return message;
  });
}
