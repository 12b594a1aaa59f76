import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { insertScored, LENS, MODEL, minutesAfter } from '../support/alert-archive.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Json = any;

describe('unknown country, language and kind: a value the filters and the validation breakdowns show', () => {
  const api = apiOnItsOwnDatabase({ RATE_LIMIT_PER_MINUTE: '1000000' });
  let unknownArticles: number[];

  beforeAll(async () => {
    const db = api.target.db;
    // A feed imported from a reader's OPML without flags, and one whose registry says everything.
    const [unknown] = await db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind)
       VALUES ('https://unknown.example.org/rss', 'Unknown Desk', 'unknown', 'unknown', 'unknown') RETURNING id`,
    );
    const [known] = await db.query<{ id: number }>(
      `INSERT INTO feeds (url, outlet, country, language, kind)
       VALUES ('https://tass.example.org/rss', 'TASS', 'RU', 'en', 'state') RETURNING id`,
    );
    const start = new Date('2025-04-01T00:00:00Z');
    // The unknown feed's articles declare no language of their own: the feed's unknown counts.
    unknownArticles = await insertScored(db, unknown.id, [
      { publishedAt: minutesAfter(start, 0), label: 'supportive', language: null },
      { publishedAt: minutesAfter(start, 1), label: 'critical', language: null },
    ]);
    const knownArticles = await insertScored(db, known.id, [
      { publishedAt: minutesAfter(start, 2), label: 'neutral', language: 'en' },
    ]);
    const key = (await new ApiKeyRepository(db).create('alice', ['annotate'])).key;
    for (const [id, label] of [
      [unknownArticles[0], 'supportive'],
      [unknownArticles[1], 'neutral'],
      [knownArticles[0], 'neutral'],
    ] as const) {
      const response = await fetch(`${api.base}/api/v1/articles/${id}/labels`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ lens: LENS, label }),
      });
      expect(response.status).toBe(200);
    }
  });

  it('filters articles by unknown country, language and kind', async () => {
    for (const query of ['kind=unknown', 'language=unknown', 'country=unknown', 'country=UNKNOWN']) {
      const response = await fetch(`${api.base}/api/v1/articles?lens=${LENS}&${query}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Json;
      expect(body.articles.map((a: Json) => a.id).sort()).toEqual([...unknownArticles].sort());
      expect(body.articles[0]).toMatchObject({ country: 'unknown', kind: 'unknown' });
    }
    const known = (await (await fetch(`${api.base}/api/v1/articles?lens=${LENS}&kind=state`)).json()) as Json;
    expect(known.articles).toHaveLength(1);
  });

  it('shows unknown as a language and a kind of the validation breakdowns', async () => {
    const response = await fetch(`${api.base}/api/v1/validation?lens=${LENS}&model=${MODEL}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(Object.keys(body.byLanguage).sort()).toEqual(['en', 'unknown']);
    expect(body.byLanguage.unknown).toMatchObject({ n: 2, correct: 1 });
    expect(Object.keys(body.byKind).sort()).toEqual(['state', 'unknown']);
    expect(body.byKind.unknown).toMatchObject({ n: 2, correct: 1 });
  });
});
