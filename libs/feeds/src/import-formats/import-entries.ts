import type { ConcreteImportFormat, ImportFormat } from '../vocabulary.js';
import { detectFormat } from './detect-format.js';
import { gdeltDocEntries } from './gdelt-doc.js';
import { gdeltGkgEntries } from './gdelt-gkg.js';
import { ImportFormatError, type ImportEntry } from './import-entry.js';
import { jsonLinesEntries } from './json-lines-entries.js';
import { mappedCsvEntries, parseFieldMap } from './mapped-csv.js';
import { mediaCloudEntries } from './mediacloud-csv.js';
import { peekBytes, utf8Text } from './text-source.js';

export interface ImportFormatOptions {
  format?: ImportFormat;
  /** `--map url=link,title=headline,…` for a CSV (implies the CSV format when detecting). */
  map?: string;
}

/**
 * The entries of an import's (already unzipped) bytes in the given format, or the detected one:
 * streamed, so memory stays bounded whatever the size. A file no reader fits fails here, before any
 * record is imported.
 */
export async function importEntries(
  bytes: AsyncIterable<Uint8Array>,
  options: ImportFormatOptions = {},
): Promise<{ format: ConcreteImportFormat; entries: AsyncIterable<ImportEntry> }> {
  const map = options.map ? parseFieldMap(options.map) : undefined;
  const { head, all } = await peekBytes(bytes);
  const format =
    !options.format || options.format === 'auto'
      ? detectFormat(new TextDecoder().decode(head), { mapped: map !== undefined })
      : options.format;
  // A map given to another format would be ignored without a word: the user meant something else.
  if (map && format !== 'csv')
    throw new ImportFormatError(`--map is for a CSV with a header; this file reads as ${format}`);
  return { format, entries: readerOf(format, map)(utf8Text(all)) };
}

function readerOf(
  format: ConcreteImportFormat,
  map: ReturnType<typeof parseFieldMap> | undefined,
): (text: AsyncIterable<string>) => AsyncIterable<ImportEntry> {
  switch (format) {
    case 'jsonl':
      return jsonLinesEntries;
    case 'gdelt-doc':
      return gdeltDocEntries;
    case 'gdelt-gkg':
      return gdeltGkgEntries;
    case 'mediacloud-csv':
      return mediaCloudEntries;
    case 'csv':
      return (text) => mappedCsvEntries(text, map);
  }
}
