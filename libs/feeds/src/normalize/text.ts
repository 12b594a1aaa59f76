import { decodeHTML } from 'entities';

/**
 * HTML (or text that may hold HTML) to plain text: script/style content dropped, tags removed,
 * entities decoded, whitespace (NBSP included) collapsed. Returns null for empty results.
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  const withoutCode = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|applet|object|embed|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<(script|style)\b[\s\S]*$/gi, ' ');
  const withoutTags = withoutCode
    .replace(/<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|table|section|article|hr)\b[^>]*>/gi, ' ')
    .replace(/<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>/g, '');
  return collapse(decodeHTML(withoutTags));
}

/** Plain text as given (Atom type="text"): only whitespace is normalised. */
export function plainText(value: string | null | undefined): string | null {
  return value ? collapse(value) : null;
}

export function collapse(value: string): string | null {
  const collapsed = value.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
  return collapsed === '' ? null : collapsed;
}
