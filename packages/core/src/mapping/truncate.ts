/** Appended where Sightline cut a value, so a reader sees that something is missing. */
export const TRUNCATION_MARKER = "…[truncated by Sightline]";

/**
 * A value whose JSON stays within `limit` characters (approximately: strings count their
 * length, other leaves a few characters). Small values (the common case) are measured
 * with an early exit and returned untouched. Larger ones keep their shape: strings are
 * cut and end with the marker, arrays and objects lose their tail (replaced by a
 * marker element or a marker key).
 */
export function truncateValue<T>(value: T, limit: number): { value: T; truncated: boolean } {
  if (measure(value, limit) <= limit) return { value, truncated: false };
  const budget = { left: limit };
  return { value: cut(value, budget) as T, truncated: true };
}

export function truncateText(text: string, limit: number): { value: string; truncated: boolean } {
  if (text.length <= limit) return { value: text, truncated: false };
  return { value: cutText(text, limit), truncated: true };
}

/** The start of `text` plus the marker, `limit` characters at most, never splitting a surrogate pair. */
function cutText(text: string, limit: number): string {
  let keep = Math.max(0, limit - TRUNCATION_MARKER.length);
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep--;
  return text.slice(0, keep) + TRUNCATION_MARKER;
}

/** Approximate JSON size, stopping as soon as it passes `limit`. */
function measure(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === "string") size += v.length + 2;
    else if (Array.isArray(v)) {
      size += 2;
      for (const item of v) stack.push(item);
    } else if (typeof v === "object" && v !== null) {
      size += 2;
      for (const key in v) {
        size += key.length + 4;
        stack.push((v as Record<string, unknown>)[key]);
      }
    } else size += 6;
    if (size > limit) return size;
  }
  return size;
}

function cut(value: unknown, budget: { left: number }): unknown {
  if (typeof value === "string") {
    const cost = value.length + 2;
    if (cost <= budget.left) {
      budget.left -= cost;
      return value;
    }
    const room = Math.max(0, budget.left - 2);
    budget.left = 0;
    return cutText(value, room);
  }
  if (Array.isArray(value)) {
    budget.left -= 2;
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (budget.left <= 0) {
        out.push(`${TRUNCATION_MARKER} ${value.length - i} more items`);
        break;
      }
      out.push(cut(value[i], budget));
    }
    return out;
  }
  if (typeof value === "object" && value !== null) {
    budget.left -= 2;
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      // A key is kept whole or not at all (a 10 MB key must not slip past the cap).
      if (budget.left <= 0 || key.length + 4 > budget.left) {
        out[TRUNCATION_MARKER] = `${keys.length - i} more keys`;
        break;
      }
      budget.left -= key.length + 4;
      const v = cut((value as Record<string, unknown>)[key], budget);
      if (key === "__proto__") Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
    }
    return out;
  }
  budget.left -= 6;
  return value;
}
