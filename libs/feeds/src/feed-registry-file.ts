import { z } from 'zod';
import { readJsonFile } from '../../config/src/index.js';
import { LANGUAGES } from '../../lens/src/index.js';
import { FEED_KIND_VALUES, UNKNOWN } from './vocabulary.js';

/** The default feed list an operator edits (config/feeds.json); the seeder loads it into the feeds table. */

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

// ICU knows every assigned ISO 3166-1 alpha-2 code; for an unknown one it echoes the code back.
function isCountry(value: string): boolean {
  if (value === 'INT' || value === UNKNOWN) return true;
  if (!/^[A-Z]{2}$/.test(value)) return false;
  const name = regionNames.of(value);
  return name !== undefined && name !== value && name !== 'Unknown Region';
}

/**
 * The project's languages, any other ISO 639-1 language (its texts are scored with the English
 * hypotheses), or unknown: ICU names every assigned code and echoes an unassigned one back.
 */
function isFeedLanguage(value: string): boolean {
  if (value === UNKNOWN || (LANGUAGES as readonly string[]).includes(value)) return true;
  return /^[a-z]{2}$/.test(value) && languageNames.of(value) !== value;
}

/**
 * One feed as described by an operator. Also used by `stancewatch feeds add`, which has no title yet and
 * passes its other options along, so this shape strips unknown keys; the file itself is checked strictly.
 */
const text = (expected: string) => z.string({ error: expected }).trim().min(1, expected);
const URL_EXPECTED = 'expected an absolute http(s) URL such as "https://tass.com/rss/v2.xml"';
const COUNTRY_EXPECTED =
  'expected an ISO 3166-1 alpha-2 country code in capitals (e.g. "RU", "CN", "HK"), "INT" or "unknown"';
const LANGUAGE_EXPECTED = `expected ${LANGUAGES.join(', ')}, another ISO 639-1 code (e.g. "de") or "unknown"`;

const country = text(COUNTRY_EXPECTED).refine(isCountry, COUNTRY_EXPECTED);
const language = text(LANGUAGE_EXPECTED).refine(isFeedLanguage, LANGUAGE_EXPECTED);
const kind = z.enum(FEED_KIND_VALUES, { error: `expected one of ${FEED_KIND_VALUES.join(', ')}` });

/** A country, language or kind nobody gave is stored as unknown (see UNKNOWN), not guessed. */
export const feedEntrySchema = z.object({
  url: text(URL_EXPECTED).refine(isHttpUrl, URL_EXPECTED),
  title: text('expected a non-empty title').optional(),
  outlet: text('expected the outlet name, e.g. "TASS"'),
  country: country.default(UNKNOWN),
  language: language.default(UNKNOWN),
  kind: kind.default(UNKNOWN),
  notes: z.string({ error: 'expected a string' }).optional(),
});

/** The country, language and kind that `feeds import` gives the entries that do not say them (its flags). */
export const feedDefaultsSchema = z.object({
  country: country.optional(),
  language: language.optional(),
  kind: kind.optional(),
});

// The operator's file says every feed's country, language and kind (unknown, if need be) and its title.
const feedFileEntrySchema = feedEntrySchema
  .extend({ title: text('expected a non-empty title'), country, language, kind })
  .strict();

export type FeedEntry = z.infer<typeof feedFileEntrySchema>;

/** Reads and validates a feed registry file; throws one error listing every problem by entry index and field. */
export function loadFeedRegistryFile(path: string): FeedEntry[] {
  return parseFeedRegistry(readJsonFile(path, 'feed registry'), path);
}

export function parseFeedRegistry(data: unknown, source = 'feeds'): FeedEntry[] {
  if (!Array.isArray(data)) throw new Error(`${source}: expected a JSON array of feed entries`);
  const problems: string[] = [];
  const entries: FeedEntry[] = [];
  const firstIndexOfUrl = new Map<string, number>();
  data.forEach((raw, index) => {
    const result = feedFileEntrySchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(issueLine(index, raw, issue));
      return;
    }
    const key = new URL(result.data.url).href;
    const first = firstIndexOfUrl.get(key);
    if (first !== undefined) {
      problems.push(
        `entry ${index} field "url": duplicate of entry ${first} (${result.data.url}); remove one of them`,
      );
      return;
    }
    firstIndexOfUrl.set(key, index);
    entries.push(result.data);
  });
  if (problems.length > 0) {
    throw new Error(
      `${source}: invalid feed registry (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`,
    );
  }
  return entries;
}

function issueLine(index: number, raw: unknown, issue: z.core.$ZodIssue): string {
  const url = (raw as { url?: unknown } | null)?.url;
  const where = `entry ${index}${typeof url === 'string' ? ` (${url})` : ''}`;
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(', ')}; expected url, title, outlet, country, language, kind, notes`;
  }
  if (issue.path.length === 0)
    return `${where}: expected an object with url, title, outlet, country, language, kind`;
  const field = issue.path.join('.');
  const missing = (raw as Record<string, unknown>)[field] === undefined;
  return `${where} field "${field}": ${missing ? 'missing; ' : ''}${issue.message}`;
}
