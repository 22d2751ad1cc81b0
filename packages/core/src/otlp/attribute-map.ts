import type { AttributeMap, AttributeValue } from "./types";

/**
 * Sets an own property even for the key "__proto__" (plain assignment would change the
 * object's prototype instead). Duplicate keys: the last one wins.
 */
export function setAttribute(target: AttributeMap, key: string, value: AttributeValue): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
