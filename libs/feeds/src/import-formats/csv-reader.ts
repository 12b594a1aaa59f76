/**
 * A streaming RFC 4180 reader: quoted fields may hold the delimiter, doubled quotes and line breaks;
 * records end with CRLF or LF. It is lenient where spreadsheets are (a quote inside an unquoted field
 * is kept as a character) and strict where memory is at stake: a record longer than `maxChars` or
 * with more than `maxFields` fields is reported by its line number and skipped unread, so one hostile
 * record cannot hold the reader's memory. The byte-order mark is the decoder's business (text-source.ts).
 */

export interface CsvOptions {
  delimiter?: string;
  maxChars?: number;
  maxFields?: number;
}

/** A record starting on `line` (records with quoted line breaks span several lines). */
export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

/** Characters one CSV record may take: the JSON Lines cap, for the same reason. */
export const CSV_RECORD_MAX_CHARS = 1_000_000;
export const CSV_MAX_FIELDS = 1_000;

const QUOTE = 34;
const LF = 10;
const CR = 13;

export async function* csvRows(
  chunks: AsyncIterable<string>,
  options: CsvOptions = {},
): AsyncGenerator<CsvRow> {
  const delimiter = (options.delimiter ?? ',').charCodeAt(0);
  const maxChars = options.maxChars ?? CSV_RECORD_MAX_CHARS;
  const maxFields = options.maxFields ?? CSV_MAX_FIELDS;

  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let chars = 0;
  let overflow: string | null = null;
  // 'start': at a field's start; 'bare': in an unquoted field; 'quoted': inside quotes;
  // 'closing': just after a quote inside quotes (a doubled quote, or the field's end).
  let state: 'start' | 'bare' | 'quoted' | 'closing' = 'start';
  let pendingCr = false;

  const append = (text: string) => {
    if (overflow !== null || text.length === 0) return;
    chars += text.length;
    if (chars > maxChars)
      [overflow, field, fields] = [
        `longer than ${maxChars.toLocaleString('en')} characters (a quote left open makes the rest of the file one record)`,
        '',
        [],
      ];
    else field += text;
  };
  const endField = () => {
    if (overflow === null) {
      fields.push(field);
      if (fields.length > maxFields)
        [overflow, fields] = [`more than ${maxFields.toLocaleString('en')} fields`, []];
    }
    field = '';
    state = 'start';
  };
  const endRecord = (): CsvRow | null => {
    endField();
    const row: CsvRow | null =
      overflow !== null
        ? { line: recordLine, error: overflow }
        : fields.length === 1 && fields[0] === '' && chars === 0
          ? null
          : { line: recordLine, fields };
    [fields, chars, overflow] = [[], 0, null];
    recordLine = line;
    return row;
  };

  for await (const chunk of chunks) {
    let i = 0;
    let from = 0;
    const n = chunk.length;
    while (i < n) {
      const code = chunk.charCodeAt(i);
      if (state === 'quoted') {
        if (code === QUOTE) {
          append(chunk.slice(from, i));
          state = 'closing';
          from = i + 1;
        } else if (code === LF) line += 1;
        i += 1;
        continue;
      }
      if (state === 'closing') {
        if (code === QUOTE) {
          // A doubled quote: one quote character, still inside the field.
          append('"');
          state = 'quoted';
          from = i + 1;
          i += 1;
          continue;
        }
        state = 'bare';
        from = i;
      }
      if (pendingCr && code !== LF) append('\r');
      pendingCr = false;
      if (code === delimiter) {
        append(chunk.slice(from, i));
        endField();
        from = i + 1;
      } else if (code === LF) {
        append(chunk.slice(from, i));
        line += 1;
        const row = endRecord();
        if (row) yield row;
        from = i + 1;
      } else if (code === CR) {
        // Held back: the CR of a CRLF ends the record with the LF; a lone one is a character.
        append(chunk.slice(from, i));
        pendingCr = true;
        from = i + 1;
      } else if (code === QUOTE && state === 'start') {
        state = 'quoted';
        from = i + 1;
      } else state = 'bare';
      i += 1;
    }
    append(chunk.slice(from, n));
  }
  if (state === 'quoted') {
    yield { line: recordLine, error: 'a quoted field is not closed before the end of the file' };
    return;
  }
  const last = endRecord();
  if (last) yield last;
}

/** The header's names, trimmed and lower-cased, so `URL` and ` url` find the same column. */
export function headerIndex(fields: string[]): Map<string, number> {
  const index = new Map<string, number>();
  fields.forEach((name, at) => {
    const key = name.trim().toLowerCase();
    if (!index.has(key)) index.set(key, at);
  });
  return index;
}
