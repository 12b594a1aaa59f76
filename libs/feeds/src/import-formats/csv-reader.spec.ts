import { csvRows, type CsvRow } from './csv-reader.js';

async function* pieces(text: string, size: number): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

async function rows(text: string, size = text.length || 1, options = {}): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of csvRows(pieces(text, size), options)) out.push(row);
  return out;
}

describe('the CSV reader (RFC 4180)', () => {
  const text = 'a,b,c\r\n1,"x, ""y""\r\nz",3\r\n\r\n"",,\n4,5,6';
  const expected = [
    { line: 1, fields: ['a', 'b', 'c'] },
    { line: 2, fields: ['1', 'x, "y"\r\nz', '3'] },
    { line: 5, fields: ['', '', ''] },
    { line: 6, fields: ['4', '5', '6'] },
  ];

  it('reads quoted commas, doubled quotes and line breaks, CRLF or LF, numbering records by their first line', async () => {
    expect(await rows(text)).toEqual(expected);
  });

  it('reads the same however the text is cut into chunks (a CRLF or a doubled quote across two)', async () => {
    for (const size of [1, 2, 3, 5, 7]) expect(await rows(text, size)).toEqual(expected);
  });

  it('keeps a lone CR and a quote inside an unquoted field as characters, as spreadsheets do', async () => {
    expect(await rows('a\rb,say "hi"\n')).toEqual([{ line: 1, fields: ['a\rb', 'say "hi"'] }]);
  });

  it('rejects an overlong record or one with too many fields by number, and reads on', async () => {
    const long = `1,"${'x'.repeat(50)}"\n2,ok\n${Array(12).fill('f').join(',')}\n3,ok`;
    expect(await rows(long, 8, { maxChars: 40, maxFields: 10 })).toEqual([
      { line: 1, error: expect.stringMatching(/^longer than 40 characters/) },
      { line: 2, fields: ['2', 'ok'] },
      { line: 3, error: 'more than 10 fields' },
      { line: 4, fields: ['3', 'ok'] },
    ]);
  });

  it('says when a quote is left open at the end of the file', async () => {
    expect(await rows('a,b\n1,"open\n2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'a quoted field is not closed before the end of the file' },
    ]);
  });
});
