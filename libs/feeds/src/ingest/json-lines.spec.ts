import {
  IMPORT_LINE_MAX_CHARS,
  parseJsonLines,
  readJsonLine,
  streamedLines,
  type JsonLines,
} from './json-lines.js';

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function linesOf(text: string, size: number, maxChars?: number) {
  const lines: { line: number; text: string | null }[] = [];
  for await (const line of streamedLines(chunksOf(text, size), maxChars)) lines.push(line);
  return lines;
}

describe('JSON Lines', () => {
  it('numbers the lines of a stream whatever the chunks, CRLF or LF, with or without a last newline', async () => {
    const text = 'one\r\ntwo\n\nfour';
    for (const size of [1, 2, 3, 5, 100]) {
      expect(await linesOf(text, size)).toEqual([
        { line: 1, text: 'one' },
        { line: 2, text: 'two' },
        { line: 3, text: '' },
        { line: 4, text: 'four' },
      ]);
      expect(await linesOf(`${text}\n`, size)).toHaveLength(4);
    }
  });

  it('gives a line past the cap as null, keeps its number and reads on after it', async () => {
    const text = `short\n${'x'.repeat(50)}\nafter\n${'y'.repeat(11)}`;
    expect(await linesOf(text, 7, 10)).toEqual([
      { line: 1, text: 'short' },
      { line: 2, text: null },
      { line: 3, text: 'after' },
      { line: 4, text: null },
    ]);
    // Exactly at the cap is a line like any other.
    expect(await linesOf('z'.repeat(10), 3, 10)).toEqual([{ line: 1, text: 'z'.repeat(10) }]);
  });

  it('refuses a line past the cap in words, from a stream or from a request body', () => {
    const record = JSON.stringify({ url: 'https://tass.com/1', title: 'x'.repeat(IMPORT_LINE_MAX_CHARS) });
    const body = parseJsonLines(`${record}\n{"url": "https://tass.com/2"}`);
    expect(body.rejected).toEqual([
      { line: 1, reason: 'longer than 1,000,000 characters; put one article per line' },
    ]);
    expect(body.records).toEqual([{ line: 2, value: { url: 'https://tass.com/2' } }]);
    const streamed: JsonLines = { records: [], rejected: [] };
    readJsonLine(streamed, 7, null);
    expect(streamed.rejected).toEqual([{ line: 7, reason: body.rejected[0].reason }]);
  });
});
