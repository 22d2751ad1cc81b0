import type { AttributeMap, AttributeValue } from "../otlp/types";

/** Fields of one list item, keyed by the suffix after `<prefix><index>.` */
export type IndexedItem = Map<string, AttributeValue>;

/** Indexes above this are ignored: a flattened list is never that long in practice. */
const MAX_INDEX = 100_000;

/**
 * Flattened lists (OpenInference, OpenLLMetry): keys `<prefix><i>.<suffix>` grouped by
 * `i`, in index order. One pass over the keys with `startsWith`; no regular expressions.
 */
export function collectIndexed(entries: AttributeMap | IndexedItem, prefix: string): IndexedItem[] {
  const byIndex = new Map<number, IndexedItem>();
  const visit = (key: string, value: AttributeValue): void => {
    if (!key.startsWith(prefix)) return;
    const dot = key.indexOf(".", prefix.length);
    if (dot < 0) return;
    const index = parseIndex(key, prefix.length, dot);
    if (index < 0) return;
    let item = byIndex.get(index);
    if (!item) byIndex.set(index, (item = new Map()));
    item.set(key.slice(dot + 1), value);
  };
  if (entries instanceof Map) for (const [key, value] of entries) visit(key, value);
  else for (const key in entries) visit(key, entries[key]!);
  if (byIndex.size === 0) return [];
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

/** True when some key starts with the prefix (cheap check before collecting). */
export function hasPrefix(attrs: AttributeMap, prefix: string): boolean {
  for (const key in attrs) if (key.startsWith(prefix)) return true;
  return false;
}

function parseIndex(key: string, from: number, to: number): number {
  if (to === from || to - from > 6) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = key.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n > MAX_INDEX ? -1 : n;
}
