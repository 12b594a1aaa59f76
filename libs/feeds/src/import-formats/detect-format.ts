import type { ConcreteImportFormat } from '../vocabulary.js';
import { headerIndex } from './csv-reader.js';
import { ImportFormatError } from './import-entry.js';

/**
 * Which format a file is in, from its first bytes (as text, BOM dropped): the JSON shapes by their
 * first characters, GKG by its 27 tab-separated columns and 14-digit date, the CSVs by their header.
 * A file that matches none fails with one line naming what was expected.
 */
export function detectFormat(head: string, options: { mapped?: boolean } = {}): ConcreteImportFormat {
  const text = head.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (/^\{\s*(\}|"articles"\s*:)/.test(start) && !/^\{[^\n]*\}\s*\n\s*\{/.test(start)) return 'gdelt-doc';
  if (start.startsWith('{')) return 'jsonl';
  const firstLine = text.split('\n', 1)[0].replace(/\r$/, '');
  // GKGRECORDID is the file's date and a sequence ("20250508143000-12", "-T12" in the translingual
  // stream); the row may be longer than the head, so its 27 columns cannot all be counted here.
  const tabbed = firstLine.split('\t');
  if (tabbed.length >= 3 && /^\d{14}-T?\d+$/.test(tabbed[0]) && /^\d{14}$/.test(tabbed[1]))
    return 'gdelt-gkg';
  if (options.mapped) return 'csv';
  const header = headerIndex(firstLine.split(','));
  if (header.has('media_name') && header.has('publish_date') && header.has('url')) return 'mediacloud-csv';
  if (header.has('url') && header.has('title') && header.has('publishedat')) return 'csv';
  if (/please limit requests/i.test(start.slice(0, 200)))
    throw new ImportFormatError(
      "this is GDELT's rate-limit message, not an export: fetch the query again after 5 seconds",
    );
  throw new ImportFormatError(
    'cannot tell the format: expected JSON Lines (one {"url", "title", "publishedAt"} a line), GDELT DOC ' +
      'artlist JSON ({"articles": [...]}), GDELT GKG 2.1 (27 tab-separated columns), a Media Cloud story ' +
      'CSV (header id,indexed_date,language,media_name,media_url,publish_date,title,url) or a CSV with a ' +
      'header and --map url=…,title=…,publishedAt=…; or name it with --format',
  );
}
