/** What replaces a value when the app's `mask` function throws: the value must not leak, the app must not break. */
export const MASK_FAILED_MARKER = "[sightline: mask failed, value withheld]";

export type MaskFunction = (value: unknown) => unknown;

/** Runs the app's mask over an input or output; a throwing mask withholds the value. */
export function applyMask(mask: MaskFunction | undefined, value: unknown): unknown {
  if (!mask) return value;
  try {
    return mask(value);
  } catch {
    return MASK_FAILED_MARKER;
  }
}
