import { LabelRepository } from '../../libs/scoring/src/index.js';
import { insertFeed, insertScored, LENS, MODEL, minutesAfter } from '../support/alert-archive.js';
import { stancewatch } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('stancewatch eval --labels: stored scores against stored gold labels', () => {
  let target: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    target = await createTestDatabase();
    env = { DATABASE_URL: target.url };
    const feed = await insertFeed(target.db, 'TASS');
    const start = new Date('2025-04-01T00:00:00Z');
    const predicted = ['supportive', 'supportive', 'neutral', 'critical', 'critical', 'neutral'] as const;
    const ids = await insertScored(
      target.db,
      feed,
      predicted.map((label, i) => ({
        publishedAt: minutesAfter(start, i),
        label,
        language: i < 3 ? 'en' : 'ru',
      })),
    );
    const labels = new LabelRepository(target.db);
    const gold = [
      [0, 'alice', 'supportive'],
      [0, 'bob', 'supportive'],
      [1, 'alice', 'critical'],
      [2, 'alice', 'neutral'],
      [2, 'bob', 'critical'],
      [3, 'alice', 'critical'],
      [4, 'alice', 'neutral'],
      [5, 'alice', 'neutral'],
    ] as const;
    for (const [i, annotator, label] of gold)
      await labels.put({ articleId: ids[i], lens: LENS, annotator, label, note: null });
  });

  afterAll(async () => {
    await target.drop();
  });

  it('prints the figures the validation API gives, as JSON and as tables', async () => {
    const json = await stancewatch(['eval', '--labels', '--lens', LENS, '--model', MODEL, '--json'], env);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    // Gold: 0 S, 1 C, 2 disputed, 3 C, 4 N, 5 N; model: S S N C C N.
    expect(report).toMatchObject({ lens: LENS, model: MODEL, n: 5, correct: 3, disputed: 1, unscored: 0 });
    expect(report.confusion.critical).toEqual({ supportive: 1, neutral: 0, critical: 1 });
    expect(report.byLanguage.en).toMatchObject({ n: 2, correct: 1 });
    expect(report.byLanguage.ru).toMatchObject({ n: 3, correct: 2 });
    expect(report.models).toEqual([{ model: MODEL, scored: 6 }]);

    const tables = await stancewatch(['eval', '--labels', '--model', MODEL], env);
    expect(tables.code).toBe(0);
    expect(tables.stdout).toMatch(
      /5 labelled articles scored · 1 disputed \(left out\) · 0 not scored by this model/,
    );
    expect(tables.stdout).toMatch(/accuracy 0\.600 \(3\/5\) · macro-F1 0\.611 \(95% bootstrap /);
    expect(tables.stdout).toMatch(/^critical +1 +0 +1$/m);
    expect(tables.stdout).toMatch(
      /Krippendorff's alpha -?\d\.\d{3} over 2 articles labelled by two or more \(4 labels\)/,
    );

    const bob = JSON.parse(
      (await stancewatch(['eval', '--labels', '--model', MODEL, '--annotator', 'bob', '--json'], env)).stdout,
    );
    expect(bob).toMatchObject({ annotator: 'bob', n: 2, correct: 1, disputed: 0 });
  });

  it('says what to give when the arguments or the labels are missing', async () => {
    const neither = await stancewatch(['eval'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/give either --file PATH .* or --labels/);
    expect((await stancewatch(['eval', '--labels', '--file', 'x.jsonl'], env)).code).toBe(2);
    const lens = await stancewatch(['eval', '--labels', '--lens', 'nope'], env);
    expect([lens.code, lens.stderr]).toEqual([
      2,
      expect.stringMatching(/unknown lens "nope"; available lenses: russia-china/),
    ]);
    const empty = await createTestDatabase();
    try {
      const none = await stancewatch(['eval', '--labels'], { DATABASE_URL: empty.url });
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(
        /no labels for the lens russia-china: add some with `stancewatch labels import`/,
      );
    } finally {
      await empty.drop();
    }
  });
});
