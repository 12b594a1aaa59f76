import { FeedParseError } from '../parse/feed-parse-error.js';
import type { FeedListEntry } from './feed-list-entry.js';
import { readOpml } from './opml-reader.js';

/**
 * The feeds of a list file: stancewatch's own feeds.json (a JSON array of entries, or the API's
 * `{"feeds": [...]}`), else OPML. Throws FeedParseError with one line when the file is neither; its
 * entries are checked one by one later, so one bad entry does not lose the others.
 */
export async function readFeedList(bytes: Uint8Array, contentType?: string | null): Promise<FeedListEntry[]> {
  const start = firstSignificantByte(bytes);
  if (start === 0x5b /* [ */ || start === 0x7b /* { */) return readFeedsJson(bytes);
  return readOpml(bytes, contentType);
}

function firstSignificantByte(bytes: Uint8Array): number | undefined {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]))) at += 1;
  return bytes[at];
}

function readFeedsJson(bytes: Uint8Array): FeedListEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new FeedParseError(`not a feed list: the JSON is malformed (${reason})`);
  }
  const list = Array.isArray(data) ? data : (data as { feeds?: unknown } | null)?.feeds;
  if (!Array.isArray(list)) {
    throw new FeedParseError(
      'not a feed list: expected a JSON array of feeds like config/feeds.json (or {"feeds": [...]})',
    );
  }
  return list.map((raw, index) => jsonEntry(raw, index));
}

const FIELDS = ['title', 'outlet', 'country', 'language', 'kind'] as const;

function jsonEntry(raw: unknown, index: number): FeedListEntry {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { url: '', problem: `entry ${index} is not an object with url, outlet, country, language, kind` };
  }
  const record = raw as Record<string, unknown>;
  const entry: FeedListEntry = { url: typeof record.url === 'string' ? record.url.trim() : '' };
  if (entry.url === '') entry.problem = `entry ${index} has no "url"`;
  for (const field of FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value.trim() !== '') entry[field] = value.trim();
    else if (value !== undefined && value !== null && typeof value !== 'string')
      entry.problem ??= `entry ${index} field "${field}": expected a string`;
  }
  return entry;
}
