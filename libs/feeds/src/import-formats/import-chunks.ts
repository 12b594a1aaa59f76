import type { ImportRecord, ImportRejection } from '../ingest/article-import.js';
import type { ImportEntry } from './import-entry.js';

/** One chunk of an import, ready for `ArticleImporter.import(records, origin, rejected, skipped)`. */
export interface ImportChunk {
  records: ImportRecord[];
  rejected: ImportRejection[];
  skipped: number;
}

// Entries per chunk: the importer works through one chunk before the next is read.
export const IMPORT_CHUNK_ENTRIES = 2_000;

/** Hands the entries to `work` a chunk at a time, waiting for each before reading on. */
export async function forEachImportChunk(
  entries: AsyncIterable<ImportEntry>,
  work: (chunk: ImportChunk) => Promise<void>,
  size = IMPORT_CHUNK_ENTRIES,
): Promise<void> {
  let chunk: ImportChunk = { records: [], rejected: [], skipped: 0 };
  let count = 0;
  for await (const entry of entries) {
    if ('value' in entry) chunk.records.push({ line: entry.line, value: entry.value });
    else if ('reason' in entry) chunk.rejected.push({ line: entry.line, reason: entry.reason });
    else chunk.skipped += 1;
    count += 1;
    if (count >= size) {
      await work(chunk);
      [chunk, count] = [{ records: [], rejected: [], skipped: 0 }, 0];
    }
  }
  if (count > 0) await work(chunk);
}
