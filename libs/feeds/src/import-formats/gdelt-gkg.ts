import { streamedLines } from '../ingest/json-lines.js';
import { gdeltCompactDate } from './dates.js';
import { entryOf, type ImportEntry, type Mapped } from './import-entry.js';
import { languageCodeOfIso6392 } from './language-names.js';

/**
 * GDELT GKG 2.1: tab-separated, no header, 27 columns a row. The article is the document identifier
 * (V2DOCUMENTIDENTIFIER, a URL for web sources), V2.1DATE, the source common name (the outlet), the
 * page title from V2.1EXTRASXML and the tone (first value of V1.5TONE). Rows from other collections
 * (citations, JSTOR, DTIC …) have no web URL: they are skipped and counted. GKG has no summary, so
 * relevance runs on the title alone.
 */
export const GKG_COLUMNS = 27;
const DATE = 1;
const COLLECTION = 2;
const SOURCE_NAME = 3;
const DOCUMENT = 4;
const TONE = 15;
const TRANSLATION = 25;
const EXTRAS = 26;
// V2SOURCECOLLECTIONIDENTIFIER 1 is WEB; the others identify documents that are not web pages.
const WEB = '1';

export async function* gdeltGkgEntries(text: AsyncIterable<string>): AsyncGenerator<ImportEntry> {
  for await (const { line, text: row } of streamedLines(text)) {
    if (row === null) yield { line, reason: 'longer than 1,000,000 characters' };
    else if (row.trim() !== '') {
      const mapped = gkgRecord(row.split('\t'));
      yield mapped === 'not-web' ? { line, skipped: 'not a web document' } : entryOf(line, mapped);
    }
  }
}

/** One GKG row's columns as an importer record; 'not-web' for a row whose document is no web page. */
export function gkgRecord(columns: string[]): Mapped | 'not-web' {
  if (columns.length !== GKG_COLUMNS)
    return { reason: `expected ${GKG_COLUMNS} tab-separated GKG 2.1 columns, found ${columns.length}` };
  const document = columns[DOCUMENT].trim();
  if (columns[COLLECTION].trim() !== WEB || !/^https?:\/\//i.test(document)) return 'not-web';
  const publishedAt = gdeltCompactDate(columns[DATE]);
  if (!publishedAt)
    return {
      reason: `V2.1DATE: expected YYYYMMDDHHMMSS such as 20250508142000, found ${JSON.stringify(columns[DATE])}`,
    };
  const value: Record<string, unknown> = {
    url: document,
    title: pageTitle(columns[EXTRAS]),
    publishedAt,
    outlet: columns[SOURCE_NAME].trim() || undefined,
  };
  const tone = Number.parseFloat(columns[TONE].split(',')[0]);
  if (Number.isFinite(tone)) value.gdeltTone = tone;
  // The translingual stream names the source language ("srclc:rus;eng:…"); the English stream does not.
  const source = /(?:^|;)srclc:([a-z]{3})/i.exec(columns[TRANSLATION]);
  const language = source ? languageCodeOfIso6392(source[1]) : null;
  if (language) value.language = language;
  return { value };
}

/** The `<PAGE_TITLE>` of V2.1EXTRASXML (entities are decoded by the importer with the rest of the text). */
function pageTitle(extras: string): string | undefined {
  const m = /<PAGE_TITLE>([\s\S]*?)<\/PAGE_TITLE>/.exec(extras);
  return m ? m[1] : undefined;
}
