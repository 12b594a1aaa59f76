import { decodeHTML } from 'entities';
import { cutUnclosedScript, replaceBlockTags, replaceComments, replaceRawTextElements } from './markup.js';

/**
 * HTML (or text that may hold HTML) to plain text: script/style content dropped, tags removed,
 * entities decoded, whitespace (NBSP included) collapsed. Returns null for empty results.
 * Linear in the length of the input (see markup.ts); callers cap what they pass (text-limits.ts).
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  const withoutCode = cutUnclosedScript(replaceRawTextElements(replaceComments(html)));
  // Any other tag, `<!…>` or `<?…>` goes without a trace. `[^<>]*` stops at the next `<`, so each
  // character is read from one `<` at most: this expression cannot backtrack beyond linear.
  const withoutTags = replaceBlockTags(withoutCode).replace(/<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*>/g, '');
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
