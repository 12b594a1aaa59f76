import type { ImportRecord, ImportRejection } from './article-import.js';

/**
 * Characters one JSON Lines record may take. The largest record the importer accepts (a 100,000-
 * character summary, each character escaped as \uXXXX at worst, and a 2,000-character title) is
 * about 630,000; a longer line is refused unread, so one line cannot hold the reader's memory.
 */
export const IMPORT_LINE_MAX_CHARS = 1_000_000;

export interface JsonLines {
  records: ImportRecord[];
  rejected: ImportRejection[];
}

/** Splits a JSON Lines text into records numbered by line; blank lines are skipped, bad JSON is rejected. */
export function parseJsonLines(text: string, firstLine = 1): JsonLines {
  const parsed: JsonLines = { records: [], rejected: [] };
  text.split(/\r?\n/).forEach((raw, index) => readJsonLine(parsed, firstLine + index, raw));
  return parsed;
}

/**
 * The lines of a stream of text, numbered from 1, holding at most `maxChars` of one line in memory:
 * a longer line is yielded as `null` (its number kept) and the rest of it skipped.
 */
export async function* streamedLines(
  chunks: AsyncIterable<string>,
  maxChars = IMPORT_LINE_MAX_CHARS,
): AsyncGenerator<{ line: number; text: string | null }> {
  let line = 1;
  let parts: string[] = [];
  let length = 0;
  let tooLong = false;
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      keep(chunk.slice(start, end));
      yield { line, text: finished() };
      [line, parts, length, tooLong, start] = [line + 1, [], 0, false, end + 1];
    }
    keep(chunk.slice(start));
  }
  if (length > 0 || tooLong) yield { line, text: finished() };

  // One character more than the cap is held, for the \r of a CRLF line.
  function keep(piece: string): void {
    if (tooLong || piece.length === 0) return;
    length += piece.length;
    if (length > maxChars + 1) [tooLong, parts] = [true, []];
    else parts.push(piece);
  }

  function finished(): string | null {
    const text = tooLong ? null : parts.join('').replace(/\r$/, '');
    return text !== null && text.length <= maxChars ? text : null;
  }
}

/** Adds one line to the records, or to the rejections with why; `raw` null is a line past the cap. */
export function readJsonLine(into: JsonLines, line: number, raw: string | null): void {
  if (raw === null || raw.length > IMPORT_LINE_MAX_CHARS) {
    into.rejected.push({
      line,
      reason: `longer than ${IMPORT_LINE_MAX_CHARS.toLocaleString('en')} characters; put one article per line`,
    });
    return;
  }
  if (raw.trim() === '') return;
  try {
    into.records.push({ line, value: JSON.parse(raw) });
  } catch (error) {
    into.rejected.push({ line, reason: `not valid JSON (${(error as Error).message})` });
  }
}
