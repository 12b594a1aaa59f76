import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runRelevance, type RelevanceArgs } from './relevance.js';

const lensesPath = fileURLToPath(new URL('../../../../config/lenses.json', import.meta.url));

async function run(args: Omit<RelevanceArgs, 'lensesPath'> & { lensesPath?: string }) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runRelevance({ lensesPath, ...args }, { stdout, stderr });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function jsonl(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'relevance-')), 'texts.jsonl');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('stancewatch relevance', () => {
  it('prints one JSON line for a text, with the default lens', async () => {
    const result = await run({ text: 'Putin meets Xi in Beijing' });
    expect(result).toEqual({
      code: 0,
      stdout: '{"relevant":true,"terms":["Putin","Xi","Beijing"]}\n',
      stderr: '',
    });
  });

  it('prints one line per line of a JSON Lines file, skipping blank lines', async () => {
    const file = jsonl([
      JSON.stringify({ id: 1, text: 'Россия и Китай подписали соглашение' }),
      '',
      JSON.stringify({ text: 'Chinese rocket lands' }),
      JSON.stringify({ text: '中俄关系' }),
    ]);
    const result = await run({ file, lens: 'russia-china' });
    expect(result.code).toBe(0);
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { relevant: true, terms: ['Росси*', 'Китай*'] },
      { relevant: false, terms: ['Chinese'] },
      { relevant: true, terms: ['中俄'] },
    ]);
  });

  it('stops at the first bad line, naming it, after printing the lines before it', async () => {
    const file = jsonl([
      JSON.stringify({ text: 'Сила Сибири 2' }),
      '{"title": "no text here"}',
      JSON.stringify({ text: 'x' }),
    ]);
    const result = await run({ file });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('{"relevant":true,"terms":["Сил* Сибири"]}\n');
    expect(result.stderr).toBe(`${file}:2: expected a JSON object with a string "text" field\n`);
  });

  it('reports a line that is not JSON', async () => {
    const file = jsonl(['{"text": "unterminated']);
    const result = await run({ file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: not valid JSON`),
    );
  });

  it('exits 2 and lists the available lenses for an unknown lens', async () => {
    const result = await run({ text: 'anything', lens: 'russia-india' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'unknown lens "russia-india"; available lenses: russia-china (choose one with --lens NAME)\n',
    );
  });

  it('exits 2 when given both a text and a file, or neither', async () => {
    expect((await run({ text: 'a', file: 'b.jsonl' })).code).toBe(2);
    expect((await run({})).code).toBe(2);
  });

  it('exits 1 with the reason when the file or the lens file cannot be read', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'relevance-')), 'missing.jsonl');
    expect(await run({ file: missing })).toEqual({
      code: 1,
      stdout: '',
      stderr: `cannot read ${missing} (ENOENT)\n`,
    });
    const badLenses = await run({ text: 'a', lensesPath: missing });
    expect(badLenses.code).toBe(1);
    expect(badLenses.stderr).toContain('cannot read the lens file (ENOENT)');
  });
});
