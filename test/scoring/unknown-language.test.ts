import { hypothesisLanguage, needsMultilingualModel } from '../../libs/lens/src/index.js';
import { ScoreRepository } from '../../libs/scoring/src/index.js';
import { LENS, insertScored } from '../support/alert-archive.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('the language a classify job reads for an article of an unknown or other language', () => {
  let target: TestDatabase;

  beforeAll(async () => {
    target = await createTestDatabase();
  });
  afterAll(async () => {
    await target.drop();
  });

  const feed = async (outlet: string, language: string) => {
    const [row] = await target.db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, 'unknown', $3, 'unknown') RETURNING id`,
      [`https://${outlet}.example.org/rss`, outlet, language],
    );
    return row.id;
  };

  it("takes the feed's unknown or other language for an article that declares none, and leaves en, ru, zh feeds to the script", async () => {
    const at = new Date('2025-05-08T12:00:00Z');
    const title = 'Россия и Китай договорились о торговле';
    const [unknownArticle] = await insertScored(target.db, await feed('unknown', 'unknown'), [
      { publishedAt: at, label: 'neutral', language: null, title },
    ]);
    const [germanArticle] = await insertScored(target.db, await feed('german', 'de'), [
      { publishedAt: at, label: 'neutral', language: null, title: 'Russland und China handeln' },
    ]);
    const [englishFeedArticle] = await insertScored(target.db, await feed('english', 'en'), [
      { publishedAt: at, label: 'neutral', language: null, title },
    ]);
    const [declared] = await insertScored(target.db, await feed('declared', 'unknown'), [
      { publishedAt: at, label: 'neutral', language: 'ru', title },
    ]);

    const rows = await new ScoreRepository(target.db).toScore(
      [unknownArticle, germanArticle, englishFeedArticle, declared],
      LENS,
    );
    const languageOf = new Map(rows.map((row) => [row.id, row.language]));
    expect(languageOf.get(unknownArticle)).toBe('unknown');
    expect(languageOf.get(germanArticle)).toBe('de');
    expect(languageOf.get(englishFeedArticle)).toBeNull();
    expect(languageOf.get(declared)).toBe('ru');

    // What the scorer then does with each: English hypotheses and the multilingual model for the first two.
    const plan = rows.map((row) => [
      row.id,
      hypothesisLanguage(row.language, row.title ?? ''),
      needsMultilingualModel(row.language, row.title ?? ''),
    ]);
    expect(plan).toEqual([
      [unknownArticle, 'en', true],
      [germanArticle, 'en', true],
      [englishFeedArticle, 'ru', true], // no language of its own: Cyrillic script, as before
      [declared, 'ru', true],
    ]);
  });
});
