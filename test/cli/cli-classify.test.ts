import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stancewatch as run, type CliRun } from '../support/run-cli.js';

const LABELS = ['supportive', 'neutral', 'critical'];
const SUPPORTIVE = 'Moscow and Beijing pledge deeper friendship';
const CRITICAL = 'The alliance threatens global security';

const cacheDir = mkdtempSync(join(tmpdir(), 'stancewatch-classify-cache-'));
const dir = mkdtempSync(join(tmpdir(), 'stancewatch-classify-'));

/** The real `stancewatch` binary, with models cached in a temp folder. */
const stancewatch = (args: string[], env: Record<string, string> = {}) =>
  run(args, { MODEL_CACHE_DIR: cacheDir, ...env });

function file(name: string, lines: (object | string)[]): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  );
  return path;
}

/** A line of `classify` output, as documented. */
interface Classified {
  stance: { label: string; score: number; probs: Record<string, number> };
  sentiment: { label: string; score: number };
  framing: { score: number };
  model: { id: string; revision: string };
}

function jsonLines(stdout: string): Classified[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Classified);
}

function expectOneLineError(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

afterAll(() => {
  rmSync(cacheDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('stancewatch classify with the built-in model', () => {
  it('scores a supportive headline above a critical one, with probabilities that sum to 1', async () => {
    const supportive = await stancewatch(['classify', '--model', 'builtin', SUPPORTIVE]);
    const critical = await stancewatch([
      'classify',
      '--model',
      'builtin',
      '--lens',
      'russia-china',
      CRITICAL,
    ]);
    expect(supportive.code).toBe(0);
    expect(critical.code).toBe(0);
    const [s] = jsonLines(supportive.stdout);
    const [c] = jsonLines(critical.stdout);
    for (const scored of [s, c]) {
      expect(Object.keys(scored)).toEqual(['stance', 'sentiment', 'framing', 'model']);
      expect(Object.keys(scored.stance.probs).sort()).toEqual([...LABELS].sort());
      expect(sum(Object.values(scored.stance.probs))).toBeCloseTo(1, 6);
      expect(scored.stance.score).toBeCloseTo(
        scored.stance.probs.supportive - scored.stance.probs.critical,
        9,
      );
      expect(scored.model).toEqual({ id: 'stancewatch-builtin-nli', revision: 'main' });
      expect(typeof scored.sentiment.label).toBe('string');
      expect(Math.abs(scored.framing.score)).toBeLessThanOrEqual(1);
    }
    expect(s.stance.score).toBeGreaterThan(c.stance.score);
    expect(s.stance.label).toBe('supportive');
    expect(c.stance.label).toBe('critical');
    expect(s.sentiment.score).toBeGreaterThan(c.sentiment.score);
    // Results alone on stdout; loading messages on stderr.
    expect(supportive.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints one line per line of a --file, in order, as for the same text given alone', async () => {
    const input = file('texts.jsonl', [
      { id: 1, text: CRITICAL },
      '',
      { text: 'Путин и Си Цзиньпин провели переговоры в Пекине', language: 'ru' },
      { text: SUPPORTIVE, language: 'en' },
    ]);
    const run = await stancewatch(['classify', '--model', 'builtin', '--file', input]);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(3);
    const alone = jsonLines((await stancewatch(['classify', '--model', 'builtin', SUPPORTIVE])).stdout)[0];
    expect(lines[2]).toEqual(alone);
    expect(lines[0].stance.label).toBe('critical');
    for (const line of lines) expect(sum(Object.values(line.stance.probs))).toBeCloseTo(1, 6);
  });

  it('fails with exit 2 and the lenses there are for an unknown lens', async () => {
    const run = await stancewatch(['classify', '--model', 'builtin', '--lens', 'no-such-lens', SUPPORTIVE]);
    expectOneLineError(run, 2, /unknown lens "no-such-lens".*russia-china/);
  });

  it('fails with exit 2 when given neither or both of TEXT and --file', async () => {
    expect((await stancewatch(['classify', '--model', 'builtin'])).code).toBe(2);
    const input = file('one.jsonl', [{ text: SUPPORTIVE }]);
    expect((await stancewatch(['classify', '--model', 'builtin', '--file', input, SUPPORTIVE])).code).toBe(2);
  });

  it('fails with exit 2 naming the line of a --file line without text', async () => {
    const input = file('no-text.jsonl', [{ text: SUPPORTIVE }, { title: 'no text here' }]);
    const run = await stancewatch(['classify', '--model', 'builtin', '--file', input]);
    expectOneLineError(run, 2, /no-text\.jsonl:2: .*"text"/);
  });

  it('fails with exit 1 for a missing file', async () => {
    const run = await stancewatch(['classify', '--model', 'builtin', '--file', join(dir, 'absent.jsonl')]);
    expectOneLineError(run, 1, /cannot read .*absent\.jsonl \(ENOENT\)/);
  });

  it("fails with exit 1 and the loader's one-line message for a model that cannot be loaded", async () => {
    const run = await stancewatch(['classify', '--model', 'nobody/missing-nli', SUPPORTIVE], {
      MODELS_OFFLINE: 'true',
      SENTIMENT_MODEL: 'builtin',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const last = run.stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^stancewatch: Model "nobody\/missing-nli" is not available offline/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('stancewatch eval with the built-in model', () => {
  const labelled = [
    { text: SUPPORTIVE, label: 'supportive' },
    { text: CRITICAL, label: 'critical' },
    { text: 'Putin met Xi in Beijing on Tuesday', label: 'neutral' },
    { text: 'Россия и Китай укрепляют стратегическое партнёрство', label: 'supportive', language: 'ru' },
    { text: '中俄关系面临新的紧张局势', label: 'critical', language: 'zh' },
  ];

  it('reports metrics that agree with what classify predicts for the same texts', async () => {
    const input = file('small.jsonl', labelled);
    const run = await stancewatch(['eval', '--model', 'builtin', '--file', input, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const predicted = jsonLines(
      (await stancewatch(['classify', '--model', 'builtin', '--file', input])).stdout,
    ).map((line) => line.stance.label);
    const expected = LABELS.map((gold) =>
      LABELS.map((guess) => labelled.filter((t, i) => t.label === gold && predicted[i] === guess).length),
    );
    expect(report.labels).toEqual(LABELS);
    expect(report.confusion).toEqual(expected);
    expect(report.total).toBe(labelled.length);
    const correct = labelled.filter((t, i) => t.label === predicted[i]).length;
    expect(report.correct).toBe(correct);
    expect(report.accuracy).toBeCloseTo(correct / labelled.length, 12);
    expect(report.perClass.supportive.support).toBe(2);
    expect(Object.keys(report.byLanguage).sort()).toEqual(['en', 'ru', 'zh']);
    expect(report.byLanguage.en.total).toBe(3);
    expect(report.models.nli).toEqual([{ id: 'stancewatch-builtin-nli', revision: 'main' }]);
  });

  it('prints readable tables without --json', async () => {
    const run = await stancewatch(['eval', '--model', 'builtin', '--file', file('table.jsonl', labelled)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/5 texts · accuracy \d\.\d{3} \(\d\/5\) · macro-F1 \d\.\d{3}/);
    expect(run.stdout).toMatch(/^class\s+precision\s+recall\s+F1\s+support$/m);
    expect(run.stdout).toMatch(/^gold \\ pred\s+supportive\s+neutral\s+critical\s+total$/m);
    expect(run.stdout).toMatch(/^supportive\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+2$/m);
    expect(run.stdout).toMatch(/^zh\s+\d\.\d{3}\s+\(\d\/1\)$/m);
  });

  it('evaluates the labelled set in the repository', async () => {
    const path = 'eval/stance-eval.jsonl';
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { text: string; label: string; language: string });
    expect(lines.length).toBeGreaterThanOrEqual(150);
    const run = await stancewatch(['eval', '--model', 'builtin', '--file', path, '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.total).toBe(lines.length);
    expect(sum(report.confusion.flat())).toBe(lines.length);
    for (const label of LABELS) {
      expect(report.perClass[label].support).toBe(lines.filter((line) => line.label === label).length);
    }
    for (const language of ['en', 'ru', 'zh']) {
      expect(report.byLanguage[language].total).toBe(
        lines.filter((line) => line.language === language).length,
      );
    }
    expect(report.macroF1).toBeGreaterThanOrEqual(0);
    expect(report.macroF1).toBeLessThanOrEqual(1);
  });

  it('fails with exit 2 naming the line of an unknown label, before loading any model', async () => {
    const input = file('bad-label.jsonl', [labelled[0], { text: CRITICAL, label: 'hostile' }]);
    const run = await stancewatch(['eval', '--model', 'builtin', '--file', input]);
    expectOneLineError(
      run,
      2,
      /bad-label\.jsonl:2: unknown label "hostile"; expected one of supportive, neutral, critical/,
    );
  });

  it('fails with exit 2 naming a line that is not JSON or has no label', async () => {
    const notJson = await stancewatch([
      'eval',
      '--model',
      'builtin',
      '--file',
      file('not-json.jsonl', [labelled[0], '{oops']),
    ]);
    expectOneLineError(notJson, 2, /not-json\.jsonl:2: not valid JSON/);
    const noLabel = await stancewatch([
      'eval',
      '--model',
      'builtin',
      '--file',
      file('no-label.jsonl', [{ text: CRITICAL }]),
    ]);
    expectOneLineError(noLabel, 2, /no-label\.jsonl:1: no "label" field/);
  });

  it('fails with exit 2 for an unknown lens and exit 1 for a missing file', async () => {
    const input = file('lens.jsonl', labelled);
    expectOneLineError(
      await stancewatch(['eval', '--model', 'builtin', '--lens', 'nope', '--file', input]),
      2,
      /unknown lens "nope".*russia-china/,
    );
    expectOneLineError(
      await stancewatch(['eval', '--model', 'builtin', '--file', join(dir, 'missing.jsonl')]),
      1,
      /cannot read .*missing\.jsonl/,
    );
  });
});
