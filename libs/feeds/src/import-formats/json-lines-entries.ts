import { IMPORT_LINE_MAX_CHARS, streamedLines } from '../ingest/json-lines.js';
import type { ImportEntry } from './import-entry.js';

/** stancewatch's own JSON Lines: one `{"url", "title", "publishedAt", …}` a line, numbered by line. */
export async function* jsonLinesEntries(text: AsyncIterable<string>): AsyncGenerator<ImportEntry> {
  for await (const { line, text: raw } of streamedLines(text)) {
    if (raw === null) {
      yield {
        line,
        reason: `longer than ${IMPORT_LINE_MAX_CHARS.toLocaleString('en')} characters; put one article per line`,
      };
      continue;
    }
    if (raw.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(raw) };
    } catch (error) {
      yield { line, reason: `not valid JSON (${(error as Error).message})` };
    }
  }
}
