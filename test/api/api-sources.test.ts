import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

const LENS = 'russia-china';
const MODEL = 'stancewatch-builtin-nli';
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('GET /api/v1/sources', () => {
  const api = apiOnItsOwnDatabase();
  const feed: Record<string, number> = {};

  /** One trend_daily row: n scores with these sums and label counts. */
  const trend = (
    feedId: number,
    day: string,
    n: number,
    sumStance: number,
    labels: [number, number, number],
    extra: { model?: string; offset?: number } = {},
  ) =>
    api.target.db.query(
      `INSERT INTO trend_daily (lens, model, offset_minutes, day, feed_id, language, n, sum_stance, sum_stance2,
         n_supportive, n_neutral, n_critical, sum_sentiment, sum_sentiment2, sum_framing, sum_framing2,
         sum_p_supportive, sum_p_neutral, sum_p_critical)
       VALUES ($1, $2, $3, $4, $5, (SELECT language FROM feeds WHERE id = $5), $6, $7, 0, $8::int, $9::int, $10::int,
         0, 0, 0, 0, $8::float8, $9::float8, $10::float8)`,
      [LENS, extra.model ?? MODEL, extra.offset ?? 0, day, feedId, n, sumStance, ...labels],
    );
  const volume = (feedId: number, day: string, n: number, offset = 0) =>
    api.target.db.query(
      `INSERT INTO volume_daily (offset_minutes, day, feed_id, language, n_all)
       VALUES ($1, $2, $3, (SELECT language FROM feeds WHERE id = $3), $4)`,
      [offset, day, feedId, n],
    );
  const article = (feedId: number, publishedAt: string, relevant: boolean, n: number) =>
    api.target.db.query(
      `INSERT INTO articles (feed_id, url, url_hash, title, published_at, published_at_source, fetched_at, relevance, is_relevant)
       SELECT $1::bigint, u.url, sha256(convert_to(u.url, 'UTF8')), 't',
         $2::timestamptz, 'published', now(), $3::jsonb, $4
       FROM generate_series(1, $5::int) AS i,
         LATERAL (SELECT 'https://example.org/' || $1::text || '/' || $2::text || '/' || i AS url) AS u`,
      [feedId, publishedAt, JSON.stringify(relevant ? { [LENS]: ['Russia', 'China'] } : {}), relevant, n],
    );

  beforeAll(async () => {
    const feeds: Array<[string, string, string, string, string, string]> = [
      ['tassEn', 'https://tass.com/rss/v2.xml', 'TASS', 'RU', 'en', 'state'],
      ['tassRu', 'https://tass.ru/rss/v2.xml', 'TASS', 'RU', 'ru', 'state'],
      ['xinhua', 'https://xinhuanet.com/rss', 'Xinhua', 'CN', 'zh', 'state'],
    ];
    for (const [key, url, outlet, country, language, kind] of feeds) {
      const [{ id }] = await api.target.db.query<{ id: number }>(
        `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [url, outlet, country, language, kind],
      );
      feed[key] = id;
    }
    await api.target.db.query(
      `UPDATE feeds SET last_status = 'error', last_error = 'HTTP 503', consecutive_failures = 3,
         last_success_at = '2025-05-01T00:00:00Z', last_polled_at = '2025-05-02T00:00:00Z' WHERE id = $1`,
      [feed.xinhua],
    );
    // May 2025: inside the period 2025-05-01 .. 2025-05-10 (to = 2025-05-11T00:00Z, exclusive).
    await trend(feed.tassEn, '2025-05-01', 4, 2.0, [3, 0, 1]);
    await trend(feed.tassEn, '2025-05-10', 6, -1.0, [1, 2, 3]);
    await trend(feed.tassRu, '2025-05-05', 10, 5.0, [6, 2, 2]);
    await trend(feed.xinhua, '2025-05-03', 5, 4.5, [5, 0, 0]);
    // Outside the period, another zone's rollup, another model: none of them may count.
    await trend(feed.tassEn, '2025-04-30', 100, -100, [0, 0, 100]);
    await trend(feed.tassEn, '2025-05-11', 100, -100, [0, 0, 100]);
    await trend(feed.tassEn, '2025-05-05', 100, -100, [0, 0, 100], { offset: 180 });
    await trend(feed.tassEn, '2025-05-05', 100, -100, [0, 0, 100], { model: 'other-model' });
    await volume(feed.tassEn, '2025-05-01', 20);
    await volume(feed.tassEn, '2025-05-10', 30);
    await volume(feed.tassRu, '2025-05-05', 40);
    await volume(feed.xinhua, '2025-05-03', 7);
    await volume(feed.tassEn, '2025-04-30', 1000);
    await volume(feed.tassEn, '2025-05-11', 1000);
    await volume(feed.tassEn, '2025-05-05', 1000, 480);
    // Relevant articles are counted from the articles themselves, over the same UTC days.
    await article(feed.tassEn, '2025-05-01T00:00:00Z', true, 3);
    await article(feed.tassEn, '2025-05-10T23:59:59Z', true, 2);
    await article(feed.tassEn, '2025-05-11T00:00:00Z', true, 50);
    await article(feed.tassEn, '2025-04-30T23:59:59Z', true, 50);
    await article(feed.tassEn, '2025-05-05T12:00:00Z', false, 9);
    await article(feed.xinhua, '2025-05-03T08:00:00Z', true, 4);
    // Today, for the default period of the last 30 days; and 40 days ago, outside it.
    await trend(feed.xinhua, today(), 2, 1.0, [1, 1, 0]);
    await trend(feed.xinhua, daysAgo(40), 50, 50, [50, 0, 0]);
    await volume(feed.xinhua, today(), 11);
    await volume(feed.xinhua, daysAgo(40), 500);
  });

  const get = async (query: string) => {
    const response = await fetch(`${api.base}/api/v1/sources${query}`);
    return { status: response.status, body: await json(response) };
  };

  it('sums the daily rollups of the period per feed: counts, mean stance, share critical', async () => {
    const { status, body } = await get('?from=2025-05-01&to=2025-05-11');
    expect(status).toBe(200);
    expect(body.query).toMatchObject({
      lens: LENS,
      model: MODEL,
      days: { from: '2025-05-01', to: '2025-05-10' },
    });
    const byFeed = Object.fromEntries(body.sources.map((s: { feedId: number }) => [s.feedId, s]));
    expect(byFeed[feed.tassEn]).toMatchObject({
      outlet: 'TASS',
      country: 'RU',
      language: 'en',
      kind: 'state',
      articles: 50,
      relevant: 5,
      scored: 10,
      meanStance: expect.closeTo((2.0 - 1.0) / 10, 10),
      shareCritical: expect.closeTo(4 / 10, 10),
      shareSupportive: expect.closeTo(4 / 10, 10),
    });
    expect(byFeed[feed.tassRu]).toMatchObject({
      articles: 40,
      relevant: 0,
      scored: 10,
      meanStance: expect.closeTo(0.5, 10),
      shareCritical: expect.closeTo(0.2, 10),
    });
    expect(byFeed[feed.xinhua]).toMatchObject({
      articles: 7,
      relevant: 4,
      scored: 5,
      meanStance: expect.closeTo(0.9, 10),
      shareCritical: 0,
      health: {
        lastStatus: 'error',
        lastError: 'HTTP 503',
        consecutiveFailures: 3,
        lastSuccessAt: '2025-05-01T00:00:00.000Z',
        lastPolledAt: '2025-05-02T00:00:00.000Z',
      },
    });
    // An outlet's mean is weighted by its feeds' scored counts: (2 - 1 + 5) / 20.
    const tass = body.outlets.find((o: { outlet: string }) => o.outlet === 'TASS');
    expect(tass).toMatchObject({
      articles: 90,
      relevant: 5,
      scored: 20,
      meanStance: expect.closeTo(6 / 20, 10),
      shareCritical: expect.closeTo(6 / 20, 10),
    });
    expect(tass.feedIds.sort()).toEqual([feed.tassEn, feed.tassRu].sort());
  });

  it('defaults to the last 30 days and shows feeds with nothing scored as null means', async () => {
    const { body } = await get('');
    const xinhua = body.sources.find((s: { feedId: number }) => s.feedId === feed.xinhua);
    expect(xinhua).toMatchObject({
      articles: 11,
      scored: 2,
      meanStance: expect.closeTo(0.5, 10),
      shareCritical: 0,
    });
    const tassEn = body.sources.find((s: { feedId: number }) => s.feedId === feed.tassEn);
    expect(tassEn).toMatchObject({ articles: 0, scored: 0, meanStance: null, shareCritical: null });
    expect(body.query.days.to).toBe(today());
    expect(body.query.days.from).toBe(daysAgo(29));
  });

  it('filters feeds and another model finds its own scores', async () => {
    const { body } = await get('?from=2025-05-01&to=2025-05-11&outlet=TASS&language=en');
    expect(body.sources.map((s: { feedId: number }) => s.feedId)).toEqual([feed.tassEn]);
    const other = await get('?from=2025-05-05&to=2025-05-06&model=other-model&kind=state&country=ru');
    const tassEn = other.body.sources.find((s: { feedId: number }) => s.feedId === feed.tassEn);
    expect(tassEn).toMatchObject({ scored: 100, meanStance: -1, shareCritical: 1 });
  });

  it('refuses bad parameters with a 400 naming them', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?from=2025-05-10&to=2025-05-01', /query\.from: must be earlier than to/],
      ['?lens=nope', /query\.lens: unknown lens/],
      ['?kind=blog', /query\.kind\.0: expected one of/],
      ['?from=soon', /query\.from: .*ISO 8601/],
      ['?limit=5', /unknown parameter "limit"/],
    ];
    for (const [query, detail] of cases) {
      const { status, body } = await get(query);
      expect({ query, status, detail: body.detail }).toEqual({
        query,
        status: 400,
        detail: expect.stringMatching(detail),
      });
    }
  });
});
