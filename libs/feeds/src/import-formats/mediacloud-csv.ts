import { csvRows, headerIndex } from './csv-reader.js';
import { mediaCloudDate } from './dates.js';
import { entryOf, ImportFormatError, type ImportEntry, type Mapped } from './import-entry.js';

/**
 * Media Cloud's story CSV (search.mediacloud.org): the header `id,indexed_date,language,media_name,
 * media_url,publish_date,title,url` (plus `text` when expanded), and the older v2 API's columns
 * (`stories_id`, `collect_date`, …) where they differ. `publish_date` is a date alone (that day, UTC)
 * or empty: then the story is dated by `indexed_date` (`collect_date` in v2), and the stored date
 * source says 'indexed'. `media_name` is the outlet; `language` is already ISO 639-1.
 */
const SUMMARY_MAX = 100_000;

export async function* mediaCloudEntries(text: AsyncIterable<string>): AsyncGenerator<ImportEntry> {
  let columns: Map<string, number> | null = null;
  for await (const row of csvRows(text)) {
    if ('error' in row) yield { line: row.line, reason: row.error };
    else if (columns === null) columns = mediaCloudHeader(row.fields);
    else yield entryOf(row.line, mediaCloudRecord(columns, row.fields));
  }
}

export function mediaCloudHeader(fields: string[]): Map<string, number> {
  const columns = headerIndex(fields);
  const missing = ['url', 'title', 'publish_date'].filter((name) => !columns.has(name));
  if (missing.length)
    throw new ImportFormatError(
      `not a Media Cloud story CSV: the header lacks ${missing.join(', ')}; ` +
        'expected id,indexed_date,language,media_name,media_url,publish_date,title,url',
    );
  return columns;
}

export function mediaCloudRecord(columns: Map<string, number>, fields: string[]): Mapped {
  const cell = (name: string) => {
    const at = columns.get(name);
    const value = at === undefined ? undefined : fields[at]?.trim();
    return value === '' ? undefined : value;
  };
  const published = cell('publish_date');
  const indexed = cell('indexed_date') ?? cell('collect_date');
  let publishedAt: string | null;
  let publishedAtSource: 'published' | 'indexed' = 'published';
  if (published) {
    publishedAt = mediaCloudDate(published);
    if (!publishedAt)
      return {
        reason: `publish_date: expected a date such as 2025-05-08, found ${JSON.stringify(published)}`,
      };
  } else if (indexed) {
    publishedAt = mediaCloudDate(indexed);
    publishedAtSource = 'indexed';
    if (!publishedAt)
      return {
        reason: `indexed_date: expected a date-time such as 2025-05-08 14:20:00, found ${JSON.stringify(indexed)}`,
      };
  } else return { reason: 'publish_date and indexed_date: both empty; the story has no date' };
  return {
    value: {
      url: cell('url'),
      title: cell('title'),
      summary: cell('text')?.slice(0, SUMMARY_MAX),
      publishedAt,
      publishedAtSource,
      outlet: cell('media_name') ?? cell('media_url'),
      language: cell('language'),
    },
  };
}
