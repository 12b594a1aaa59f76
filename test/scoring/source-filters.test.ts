import { randomBytes } from 'node:crypto';
import { RuleWindowRepository } from '../../libs/alerts/src/index.js';
import { LENS, MODEL, insertScored } from '../support/alert-archive.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

const FROM = '2025-05-01';
const TO = '2025-05-05';

interface FeedSpec {
  outlet: string;
  country: string;
  language: string;
  kind: string;
  /** The languages of its articles, one per article; null: the item declared none (the feed's counts). */
  articles: (string | null)[];
}

// An aggregator publishes in three languages (and once in none): the article's language is what counts.
const FEEDS: FeedSpec[] = [
  { outlet: 'TASS', country: 'RU', language: 'ru', kind: 'state', articles: ['ru', 'ru', 'ru', 'en'] },
  { outlet: 'Xinhua', country: 'CN', language: 'zh', kind: 'state', articles: ['zh', 'zh', 'en'] },
  {
    outlet: 'Newsnow',
    country: 'GB',
    language: 'en',
    kind: 'aggregator',
    articles: ['en', 'ru', 'zh', 'zh', null, 'ru'],
  },
];

interface Stored {
  id: number;
  feedId: number;
  outlet: string;
  country: string;
  kind: string;
  language: string;
}

/**
 * One meaning per filter: for each of feed, outlet, country, language and kind, the articles the
 * article list shows behind a period are exactly the ones the trend counted for it — from the daily
 * rollups, the hourly ones and the raw scores alike — and the alert rules' windows count the same.
 * `language=` is the article's language everywhere (its own, else its feed's).
 */
describe('source filters mean one thing in trends, articles and alert windows', () => {
  const api = apiOnItsOwnDatabase();
  const stored: Stored[] = [];

  beforeAll(async () => {
    let minute = 0;
    for (const feed of FEEDS) {
      const [{ id: feedId }] = await api.target.db.query<{ id: number }>(
        `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [
          `https://${randomBytes(4).toString('hex')}.example/rss`,
          feed.outlet,
          feed.country,
          feed.language,
          feed.kind,
        ],
      );
      // Spread over the days of the period and across hours, so every source has several buckets.
      const drafts = feed.articles.map((language) => ({
        publishedAt: new Date(Date.parse(`${FROM}T00:00:00Z`) + (minute += 397) * 60_000),
        label: 'neutral' as const,
        language,
      }));
      const ids = await insertScored(api.target.db, feedId, drafts);
      feed.articles.forEach((language, i) =>
        stored.push({
          id: ids[i],
          feedId,
          outlet: feed.outlet,
          country: feed.country,
          kind: feed.kind,
          language: language ?? feed.language,
        }),
      );
    }
  });

  const feedOf = (outlet: string) => stored.find((article) => article.outlet === outlet)!.feedId;
  const FILTERS: Array<{ name: string; query: () => string; expected: (a: Stored) => boolean }> = [
    { name: 'feed', query: () => `feed=${feedOf('Newsnow')}`, expected: (a) => a.outlet === 'Newsnow' },
    { name: 'outlet', query: () => 'outlet=Xinhua', expected: (a) => a.outlet === 'Xinhua' },
    { name: 'country (any case)', query: () => 'country=ru', expected: (a) => a.country === 'RU' },
    { name: 'language', query: () => 'language=ru', expected: (a) => a.language === 'ru' },
    {
      name: 'language of an aggregator',
      query: () => 'language=zh&kind=aggregator',
      expected: (a) => a.language === 'zh' && a.kind === 'aggregator',
    },
    { name: 'kind', query: () => 'kind=state', expected: (a) => a.kind === 'state' },
    { name: 'none', query: () => '', expected: () => true },
  ];

  const counted = async (query: string, tz: string) => {
    const response = await fetch(
      `${api.base}/api/v1/trends?lens=${LENS}&model=${MODEL}&from=${FROM}&to=${TO}&interval=day&tz=${encodeURIComponent(tz)}&${query}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      query: { source: string };
      points: Array<{ n: number; volume: { all: number } }>;
    };
    const total = (of: (point: (typeof body.points)[number]) => number) =>
      body.points.reduce((sum, point) => sum + of(point), 0);
    // Every article here is relevant and scored: the volume (all articles) counts them too.
    return { source: body.query.source, n: total((p) => p.n), all: total((p) => p.volume.all) };
  };
  const listed = async (query: string) => {
    const response = await fetch(
      `${api.base}/api/v1/articles?lens=${LENS}&model=${MODEL}&from=${FROM}&to=${TO}&relevant=true&limit=200&${query}`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { articles: Array<{ id: number; score: unknown }> };
    return body.articles
      .filter((article) => article.score !== null)
      .map((article) => article.id)
      .sort((a, b) => a - b);
  };

  it.each(FILTERS)(
    '$name: the articles listed are the ones each trend source counted',
    async ({ query, expected }) => {
      const ids = stored
        .filter(expected)
        .map((article) => article.id)
        .sort((a, b) => a - b);
      expect(ids.length).toBeGreaterThan(0);
      expect(await listed(query())).toEqual(ids);
      for (const [tz, source] of [
        ['UTC', 'daily rollups at UTC'],
        ['Asia/Tokyo', 'hourly rollups'],
        ['Asia/Kolkata', 'raw scores (the zone is not a whole number of hours from UTC)'],
      ]) {
        expect(await counted(query(), tz)).toEqual({ source, n: ids.length, all: ids.length });
      }
    },
  );

  it('counts the same in an alert rule window, by the article language and the country in any case', async () => {
    const windows = new RuleWindowRepository(api.target.db);
    const sums = async (filters: {
      outlet?: string[];
      country?: string[];
      language?: string[];
      kind?: string[];
    }) => {
      const [window] = await windows.windowSums(
        {
          lens: LENS,
          model: MODEL,
          filters: { outlet: [], country: [], language: [], kind: [], ...filters },
        },
        // A window with ragged ends, so both its whole hours (rollups) and its edges (raw scores) count.
        new Date(`${TO}T00:17:00Z`),
        4 * 24 * 60 + 60,
        1,
      );
      return window.n;
    };
    expect(await sums({ language: ['ru'] })).toBe(stored.filter((a) => a.language === 'ru').length);
    expect(await sums({ language: ['zh'], kind: ['aggregator'] })).toBe(2);
    expect(await sums({ country: ['cn'] })).toBe(stored.filter((a) => a.country === 'CN').length);
  });

  it('lists, for a language, the sources that published in it, each with only its articles in it', async () => {
    const response = await fetch(
      `${api.base}/api/v1/sources?lens=${LENS}&model=${MODEL}&from=${FROM}&to=${TO}&language=zh`,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      sources: Array<{ outlet: string; articles: number; scored: number }>;
    };
    expect(body.sources.map((s) => ({ outlet: s.outlet, articles: s.articles, scored: s.scored }))).toEqual([
      { outlet: 'Newsnow', articles: 2, scored: 2 },
      { outlet: 'Xinhua', articles: 2, scored: 2 },
    ]);
  });
});
