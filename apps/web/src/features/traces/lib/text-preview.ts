export const PREVIEW_CHARS = 1200;
export const PREVIEW_LINES = 16;

/**
 * The head of a long text to show before "Show all", or null when the text is short
 * enough to show whole. Cuts at whichever comes first: `maxChars` characters or the end
 * of line `maxLines`.
 */
export function textPreview(text: string, maxChars = PREVIEW_CHARS, maxLines = PREVIEW_LINES): string | null {
  let newlines = 0;
  const scanEnd = Math.min(text.length, maxChars);
  for (let i = 0; i < scanEnd; i++) {
    if (text[i] === "\n" && ++newlines === maxLines) return i === text.length - 1 ? null : text.slice(0, i);
  }
  return text.length > maxChars ? text.slice(0, maxChars) : null;
}
