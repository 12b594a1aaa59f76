import { FeedParseError } from './feed-parse-error.js';

/** How deep a JSON Feed's values may nest: the format needs 4 (feed → items → item → authors → author). */
export const JSON_FEED_MAX_DEPTH = 64;

const VERSION = /^https?:\/\/jsonfeed\.org\/version\/(\d+(?:\.\d+)?)\/?$/i;

/** Whether a content type names JSON (application/feed+json, application/json, any +json). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  return /^\s*application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType ?? '');
}

/** Whether decoded text is JSON rather than XML: its first character past a BOM and spaces is `{`. */
export function looksLikeJson(text: string): boolean {
  return /^[\uFEFF\s]*\{/.test(text);
}

/**
 * Parse a JSON Feed (https://jsonfeed.org/version/1, /version/1.1) to its top-level object. Refused,
 * with a FeedParseError that says why: text that is no JSON, JSON nested deeper than
 * JSON_FEED_MAX_DEPTH (checked in one pass before JSON.parse builds anything), and JSON whose
 * `version` is not a JSON Feed's or that has no `items` array. Its size is the fetcher's limit
 * (FEED_MAX_BODY_BYTES); the parse runs in the poller's parse threads, under their time and memory budget.
 */
export function parseJsonFeed(text: string): { version: string; feed: Record<string, unknown> } {
  const json = text.replace(/^\uFEFF/, '');
  const depth = maxDepth(json);
  if (depth > JSON_FEED_MAX_DEPTH)
    throw new FeedParseError(
      `not a feed: JSON nested more than ${JSON_FEED_MAX_DEPTH} levels deep (a JSON Feed needs 4)`,
    );
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FeedParseError(`not a feed: invalid JSON (${reason})`);
  }
  if (!isObject(value)) throw new FeedParseError('not a feed: JSON that is not an object');
  const version = typeof value.version === 'string' ? VERSION.exec(value.version.trim())?.[1] : undefined;
  if (version === undefined)
    throw new FeedParseError(
      'not a feed: JSON without a JSON Feed "version" (https://jsonfeed.org/version/1.1 or /version/1)',
    );
  if (!Array.isArray(value.items))
    throw new FeedParseError('not a feed: a JSON Feed without an "items" array');
  return { version: version === '1' ? '1.0' : version, feed: value };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The deepest nesting of `{` and `[` outside strings, in one pass (stops counting past the limit). */
function maxDepth(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > JSON_FEED_MAX_DEPTH) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return deepest;
}
