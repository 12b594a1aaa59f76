import {
  corpusAvailable,
  formatFigures,
  measureCorpus,
  percent,
  type CorpusFigures,
} from '../support/corpus.js';

/**
 * The conformance corpus lives outside the repository (../shared/corpus/feeds, only in CI and
 * on the team's machines). Floors are what the parser achieves today, rounded down a little.
 */
const FLOORS: Record<string, number> = {
  'feedparser-expectations.json': 94,
  'others-expectations.json': 100,
  'rss-parser/CASES.json': 96,
  'feedparser-date-vectors.json': 85,
  'feedparser encoding metadata': 78,
  'real/': 100,
};

if (!corpusAvailable()) {
  test.skip('conformance corpus (skipped: ../shared/corpus/feeds not found — it is only in CI)', () =>
    undefined);
} else {
  describe('feed conformance corpus', () => {
    let figures: CorpusFigures;
    beforeAll(async () => {
      figures = await measureCorpus();
    });
    afterAll(() => {
      if (figures) process.stdout.write(formatFigures(figures));
    });

    test.each(Object.entries(FLOORS))('%s passes at least %d%% of its checks', (source, floor) => {
      const rate = figures.bySource[source];
      expect(rate.total).toBeGreaterThan(0);
      expect(percent(rate)).toBeGreaterThanOrEqual(floor);
    });

    test('the entities and sanitize checks pass like the rest (≥ 95%)', () => {
      for (const category of ['entities', 'wellformed/sanitize']) {
        expect(
          percent(figures.byCategory[`feedparser-expectations.json :: ${category}`]),
        ).toBeGreaterThanOrEqual(95);
      }
    });

    test('Russian real feeds decode to readable Cyrillic', () => {
      const cyrillic = figures.outcomes.filter(
        (o) => o.source === 'real/' && o.path.startsWith('titles in Cyrillic'),
      );
      expect(cyrillic.length).toBeGreaterThanOrEqual(5);
      expect(cyrillic.filter((o) => o.status !== 'pass')).toEqual([]);
    });
  });
}
