import type { RetrievedDocument } from "../model/span";
import type { AttributeMap } from "../otlp/types";
import { collectIndexed } from "./indexed";
import { asNumber, asObject, asString, isPlainObject, parseJsonLoose, toText } from "./values";

const CONTENT_KEYS = ["content", "text", "page_content", "pageContent"] as const;
const KNOWN_KEYS = new Set<string>(["id", "score", "metadata", ...CONTENT_KEYS]);

/**
 * Documents from a structured list or its JSON text: `[{id, content|text|page_content, score,
 * metadata, …}]`. Other keys of a document are kept in its metadata.
 */
export function toDocuments(value: unknown): RetrievedDocument[] | undefined {
  const parsed = parseJsonLoose(value);
  if (!Array.isArray(parsed)) return undefined;
  const out: RetrievedDocument[] = [];
  for (const item of parsed) {
    if (typeof item === "string") {
      out.push({ content: item });
      continue;
    }
    if (!isPlainObject(item)) continue;
    const doc: RetrievedDocument = {};
    const id = asString(item.id);
    if (id) doc.id = id;
    for (const key of CONTENT_KEYS) {
      if (item[key] !== undefined && item[key] !== null) {
        doc.content = toText(item[key]);
        break;
      }
    }
    const score = asNumber(item.score);
    if (score !== undefined) doc.score = score;
    const metadata: Record<string, unknown> = { ...(asObject(item.metadata) ?? {}) };
    for (const key in item) if (!KNOWN_KEYS.has(key)) metadata[key] = item[key];
    if (Object.keys(metadata).length > 0) doc.metadata = metadata;
    out.push(doc);
  }
  return out.length > 0 ? out : undefined;
}

/** OpenInference `<prefix><i>.document.{id,content,score,metadata}` (metadata is JSON text). */
export function openInferenceDocuments(attrs: AttributeMap, prefix: string): RetrievedDocument[] | undefined {
  const items = collectIndexed(attrs, prefix);
  if (items.length === 0) return undefined;
  return items.map((item) => {
    const doc: RetrievedDocument = {};
    const id = asString(item.get("document.id"));
    if (id) doc.id = id;
    const content = item.get("document.content");
    if (content !== undefined && content !== null) doc.content = toText(content);
    const score = asNumber(item.get("document.score"));
    if (score !== undefined) doc.score = score;
    const rawMetadata = item.get("document.metadata");
    const metadata = asObject(rawMetadata);
    if (metadata) doc.metadata = metadata;
    else if (rawMetadata !== undefined && rawMetadata !== null && rawMetadata !== "") doc.metadata = { value: rawMetadata };
    return doc;
  });
}
