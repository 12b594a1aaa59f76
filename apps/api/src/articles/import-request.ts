import { z } from 'zod';
import {
  IMPORT_FORMATS,
  ImportFormatError,
  ZipError,
  bufferAccess,
  gdeltDocRecord,
  importEntries,
  looksZipped,
  singleZipEntry,
  type ImportEntry,
  type ImportFormat,
} from '../../../../libs/feeds/src/index.js';
import { strictQuery } from './article-list-query.js';
import { once, text } from '../http/query-params.js';

/**
 * How the import route reads a body: the `format` parameter when given, else the content type —
 * JSON Lines for `application/x-ndjson`, detection for `text/csv` (Media Cloud or a mapped CSV),
 * `text/tab-separated-values` (GKG), `text/plain` and a `.zip` (`application/zip`); a JSON body is
 * stancewatch's own `{"articles": [...]}` unless its articles carry GDELT's `seendate`.
 */
export const importQuerySchema = strictQuery({
  format: once(z.enum(IMPORT_FORMATS, { error: `expected one of ${IMPORT_FORMATS.join(', ')}` }))
    .default('auto')
    .describe('the export format of the body; auto (the default) tells it from the content type and content'),
  map: once(text(1000))
    .optional()
    .describe('for a CSV body: the column of each field, e.g. url=link,title=headline,publishedAt=date'),
});

// A zip's content may be far larger than its 5 MiB: what it may unpack to, checked as it inflates.
export const IMPORT_UNZIPPED_MAX_BYTES = 64 * 1024 * 1024;

/** The entries of a JSON body: GDELT DOC articles are mapped; stancewatch's own are taken as they are. */
export function jsonBodyEntries(articles: unknown[], format: ImportFormat): ImportEntry[] {
  const gdelt =
    format === 'gdelt-doc' ||
    (format === 'auto' && articles.some((a) => typeof a === 'object' && a !== null && 'seendate' in a));
  return articles.map((article, index) => {
    if (!gdelt) return { line: index + 1, value: article };
    const mapped = gdeltDocRecord(article);
    return 'value' in mapped
      ? { line: index + 1, value: mapped.value }
      : { line: index + 1, reason: mapped.reason };
  });
}

/** The entries of a text or binary body (unzipped when it is a zip), in the format asked for or detected. */
export async function bodyEntries(
  body: string | Buffer,
  contentType: string,
  options: { format: ImportFormat; map?: string },
): Promise<AsyncIterable<ImportEntry>> {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  let source: AsyncIterable<Uint8Array> = (async function* () {
    yield bytes;
  })();
  if (looksZipped(bytes)) {
    const entry = await singleZipEntry(bufferAccess(bytes));
    if (entry.uncompressedSize > IMPORT_UNZIPPED_MAX_BYTES) throw tooLargeUnzipped();
    source = capped(entry.bytes, IMPORT_UNZIPPED_MAX_BYTES);
  }
  const format =
    options.format === 'auto' && /^application\/(x-ndjson|jsonl|jsonlines)\b/i.test(contentType)
      ? 'jsonl'
      : options.format;
  return (await importEntries(source, { format, map: options.map })).entries;
}

async function* capped(bytes: AsyncIterable<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of bytes) {
    total += chunk.length;
    // The directory's size can lie; the inflated bytes cannot.
    if (total > max) throw tooLargeUnzipped();
    yield chunk;
  }
}

function tooLargeUnzipped(): ZipError {
  return new ZipError(
    `the zip unpacks to more than ${IMPORT_UNZIPPED_MAX_BYTES / 1024 / 1024} MiB; import it with \`stancewatch import --file\``,
  );
}

export function isFormatError(error: unknown): error is Error {
  return error instanceof ImportFormatError || error instanceof ZipError;
}
