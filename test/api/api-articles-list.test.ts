import { type ArticleScore, ScoreRepository } from '../../libs/scoring/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

const LENS = 'russia-china';
const MODEL = 'stancewatch-builtin-nli';
const OTHER_MODEL = 'Xenova/nli-deberta-v3-xsmall';

interface Fixture {
  id: number;
  feed: 'tass' | 'xinhua' | 'meduza';
  title: string;
  summary: string;
  language: string;
  publishedAt: string;
  relevant: string[] | null;
  label?: 'supportive' | 'neutral' | 'critical';
  score?: number;
}

const FEEDS = {
  tass: { url: 'https://tass.com/rss/v2.xml', outlet: 'TASS', country: 'RU', language: 'en', kind: 'state' },
  xinhua: {
    url: 'https://xinhuanet.com/rss',
    outlet: 'Xinhua',
    country: 'CN',
    language: 'zh',
    kind: 'state',
  },
  meduza: {
    url: 'https://meduza.io/rss/all',
    outlet: 'Meduza',
    country: 'LV',
    language: 'ru',
    kind: 'independent',
  },
};

/** A small archive with ties on published_at, three languages, scored and unscored articles. */
const ARTICLES: Omit<Fixture, 'id'>[] = [
  {
    feed: 'tass',
    title: 'Putin and Xi pledge deeper ties',
    summary: 'Leaders met in Moscow, promising cooperation.',
    language: 'en',
    publishedAt: '2025-05-08T14:20:00Z',
    relevant: ['Putin', 'Xi'],
    label: 'supportive',
    score: 0.7,
  },
  {
    feed: 'tass',
    title: '=HYPERLINK("http://evil.example","click"), a "quoted" title',
    summary: 'Formula injection probe.',
    language: 'en',
    publishedAt: '2025-05-08T14:20:00Z',
    relevant: null,
  },
  {
    feed: 'tass',
    title: 'Russia and China sanctions dispute deepens',
    summary: 'Trade frictions grow over payments.',
    language: 'en',
    publishedAt: '2025-05-08T14:20:00Z',
    relevant: ['Russia', 'China'],
    label: 'critical',
    score: -0.6,
  },
  {
    feed: 'meduza',
    title: 'Путин и Си Цзиньпин обсудили сотрудничество',
    summary: 'Россия и Китай подписали соглашения о сотрудничестве в энергетике.',
    language: 'ru',
    publishedAt: '2025-05-07T09:00:00Z',
    relevant: ['Путин*', 'Китай'],
    label: 'neutral',
    score: 0.05,
  },
  {
    feed: 'meduza',
    title: 'Погода в Москве: дожди',
    summary: 'Синоптики обещают прохладную неделю.',
    language: 'ru',
    publishedAt: '2025-05-07T09:00:00Z',
    relevant: null,
  },
  {
    feed: 'xinhua',
    title: '普京与习近平会谈',
    summary: '中俄两国元首在莫斯科举行会谈，同意深化全面战略协作伙伴关系。',
    language: 'zh',
    publishedAt: '2025-05-06T03:00:00Z',
    relevant: ['普京', '中俄'],
    label: 'supportive',
    score: 0.9,
  },
  {
    feed: 'xinhua',
    title: '北京天气晴朗',
    summary: '今天北京气温适宜。',
    language: 'zh',
    publishedAt: '2025-05-06T03:00:00Z',
    relevant: null,
  },
  ...Array.from({ length: 14 }, (_, i) => ({
    feed: (['tass', 'xinhua', 'meduza'] as const)[i % 3],
    title: `Filler story ${i} about markets`,
    summary: 'Nothing about the relationship.',
    language: 'en',
    // Pairs share a timestamp, so pages must break ties by id.
    publishedAt: new Date(Date.UTC(2025, 3, 20 - Math.floor(i / 2), 12)).toISOString(),
    relevant: i % 4 === 0 ? ['Russia', 'China'] : null,
    label: i % 4 === 0 ? ('critical' as const) : undefined,
    score: i % 4 === 0 ? -0.2 - i / 100 : undefined,
  })),
];

describe('GET /api/v1/articles', () => {
  const api = apiOnItsOwnDatabase();
  let fixtures: Fixture[];
  const feedIds: Record<string, number> = {};

  beforeAll(async () => {
    for (const [key, feed] of Object.entries(FEEDS)) {
      const [{ id }] = await api.target.db.query<{ id: number }>(
        `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [feed.url, feed.outlet, feed.country, feed.language, feed.kind],
      );
      feedIds[key] = id;
    }
    fixtures = [];
    for (const [index, article] of ARTICLES.entries()) {
      const [{ id }] = await api.target.db.query<{ id: number }>(
        `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source,
           fetched_at, relevance, is_relevant)
         VALUES ($1, $2, sha256(convert_to($2, 'UTF8')), $3, $4, $5, $6, 'published', now(), $7, $8) RETURNING id`,
        [
          feedIds[article.feed],
          `https://example.org/a/${index}`,
          article.title,
          article.summary,
          article.language,
          article.publishedAt,
          JSON.stringify(article.relevant ? { [LENS]: article.relevant } : {}),
          article.relevant !== null,
        ],
      );
      fixtures.push({ ...article, id });
    }
    const scores = new ScoreRepository(api.target.db);
    const rows = fixtures.filter((f) => f.label).map((f) => score(f.id, MODEL, f.label!, f.score!));
    // Another model's opposite verdict on the first article: shown only when that model is asked for.
    rows.push(score(fixtures[0].id, OTHER_MODEL, 'critical', -0.8));
    await scores.insertScores(rows);
  });

  const get = (query: string, headers: Record<string, string> = {}) =>
    fetch(`${api.base}/api/v1/articles${query}`, { headers });

  /** Newest first, ties by id descending: the order the API promises, computed from the fixtures. */
  const ordered = (rows: Fixture[]) =>
    [...rows].sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt) || b.id - a.id);
  const ids = (rows: { id: number }[]) => rows.map((row) => row.id);

  it('lists articles newest first with the default lens and model, and says what it understood', async () => {
    const response = await get('?limit=200');
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(ids(body.articles)).toEqual(ids(ordered(fixtures)));
    expect(body.nextCursor).toBeNull();
    expect(body.query).toMatchObject({ lens: LENS, model: MODEL, limit: 200, outlet: [], q: null });
    const first = body.articles.find((a: { id: number }) => a.id === fixtures[0].id);
    expect(first).toMatchObject({
      title: 'Putin and Xi pledge deeper ties',
      url: 'https://example.org/a/0',
      outlet: 'TASS',
      country: 'RU',
      kind: 'state',
      language: 'en',
      publishedAt: '2025-05-08T14:20:00.000Z',
      relevant: true,
      matchedTerms: ['Putin', 'Xi'],
    });
    expect(first.score.model.id).toBe(MODEL);
    expect(first.score.stance).toEqual({
      label: 'supportive',
      score: expect.closeTo(0.7, 5),
      probs: {
        supportive: expect.closeTo(0.8, 5),
        neutral: expect.closeTo(0.1, 5),
        critical: expect.closeTo(0.1, 5),
      },
    });
    expect(first.score.sentiment).toMatchObject({ label: 'positive', score: expect.closeTo(0.3, 5) });
    const unscored = body.articles.find((a: { id: number }) => a.id === fixtures[1].id);
    expect(unscored.score).toBeNull();
    expect(unscored.matchedTerms).toEqual([]);
  });

  it('shows the scores of the model asked for', async () => {
    const body = await json(
      await get(`?model=${encodeURIComponent(OTHER_MODEL)}&relevant=true&label=critical`),
    );
    expect(ids(body.articles)).toEqual([fixtures[0].id]);
    expect(body.articles[0].score.stance.label).toBe('critical');
  });

  it('filters by outlet (repeated), country, language, kind, feed, period, relevance, label and score', async () => {
    const cases: Array<[string, (f: Fixture) => boolean]> = [
      ['?outlet=TASS&outlet=Xinhua', (f) => f.feed === 'tass' || f.feed === 'xinhua'],
      ['?country=cn', (f) => f.feed === 'xinhua'],
      ['?language=ru', (f) => f.language === 'ru'],
      ['?kind=independent', (f) => f.feed === 'meduza'],
      [`?feed=${feedIds.meduza}`, (f) => f.feed === 'meduza'],
      [
        '?from=2025-05-06T03:00:00Z&to=2025-05-08T14:20:00Z',
        (f) => f.publishedAt >= '2025-05-06T03:00:00Z' && f.publishedAt < '2025-05-08T14:20:00Z',
      ],
      ['?from=2025-05-07', (f) => Date.parse(f.publishedAt) >= Date.parse('2025-05-07T00:00:00Z')],
      ['?relevant=true', (f) => f.relevant !== null],
      ['?relevant=false', (f) => f.relevant === null],
      ['?label=supportive&label=neutral', (f) => f.label === 'supportive' || f.label === 'neutral'],
      ['?minScore=-0.25&maxScore=0.1', (f) => f.score !== undefined && f.score >= -0.25 && f.score <= 0.1],
      ['?outlet=TASS&relevant=true&label=critical', (f) => f.feed === 'tass' && f.label === 'critical'],
    ];
    for (const [query, keep] of cases) {
      const body = await json(await get(`${query}${query.includes('?') ? '&' : '?'}limit=200`));
      const expected = ids(ordered(fixtures.filter(keep)));
      expect(expected.length).toBeGreaterThan(0);
      expect({ query, ids: ids(body.articles) }).toEqual({ query, ids: expected });
    }
  });

  it('searches the full text in English, Russian and Chinese', async () => {
    const search = async (q: string) => ids((await json(await get(`?q=${encodeURIComponent(q)}`))).articles);
    // English stemming: "pledges" finds "pledge".
    expect(await search('pledges')).toEqual([fixtures[0].id]);
    // Web-search syntax: a phrase, and exclusion.
    expect(await search('"sanctions dispute"')).toEqual([fixtures[2].id]);
    expect(await search('Russia -sanctions')).not.toContain(fixtures[2].id);
    // Russian stemming: "сотрудничество" finds "сотрудничестве".
    expect(await search('сотрудничество')).toEqual([fixtures[3].id]);
    expect(await search('Китаем')).toEqual([fixtures[3].id]);
    // Chinese: a word inside a run of Han characters, three and two characters long.
    expect(await search('习近平')).toEqual([fixtures[5].id]);
    expect(await search('中俄')).toEqual([fixtures[5].id]);
    expect(await search('北京')).toEqual([fixtures[6].id]);
    // Mixed: every part must match.
    expect(await search('普京 会谈')).toEqual([fixtures[5].id]);
    expect(await search('习近平 sanctions')).toEqual([]);
    // A run of Han characters is one term, matched in order: not any article with both characters.
    expect(await search('俄中')).toEqual([]);
  });

  it('walks every row exactly once through keyset pages, across ties on published_at', async () => {
    for (const limit of [1, 2, 3, 7]) {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const body = await json(await get(query));
        expect(body.articles.length).toBeLessThanOrEqual(limit);
        seen.push(...ids(body.articles));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor && pages < 100);
      expect(seen).toEqual(ids(ordered(fixtures)));
      expect(pages).toBe(Math.ceil(fixtures.length / limit));
    }
    // A cursor applies with filters too.
    const first = await json(await get('?relevant=true&limit=2'));
    const second = await json(await get(`?relevant=true&limit=2&cursor=${first.nextCursor}`));
    expect([...ids(first.articles), ...ids(second.articles)]).toEqual(
      ids(ordered(fixtures.filter((f) => f.relevant))).slice(0, 4),
    );
  });

  it('returns the same page as RFC 4180 CSV, safe to open in a spreadsheet', async () => {
    const response = await get('?outlet=TASS&limit=2', { accept: 'text/csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const link = response.headers.get('link');
    expect(link).toMatch(/^<\/api\/v1\/articles\?.*cursor=[A-Za-z0-9_-]+.*>; rel="next"$/);
    const rows = parseCsv(await response.text());
    const [header, ...data] = rows;
    expect(header.slice(0, 8)).toEqual([
      'id',
      'published_at',
      'outlet',
      'country',
      'kind',
      'language',
      'title',
      'url',
    ]);
    const asJson = await json(await get('?outlet=TASS&limit=2'));
    expect(data.map((row) => Number(row[0]))).toEqual(ids(asJson.articles));
    const byId = new Map(
      data.map((row) => [Number(row[0]), Object.fromEntries(header.map((h, i) => [h, row[i]]))]),
    );
    expect(byId.get(fixtures[1].id)?.title).toBe(`'${fixtures[1].title}`);
    expect(byId.get(fixtures[2].id)).toMatchObject({
      title: 'Russia and China sanctions dispute deepens',
      matched_terms: 'Russia; China',
      stance_label: 'critical',
      relevant: 'true',
    });
    expect(Number(byId.get(fixtures[2].id)?.stance_score)).toBeCloseTo(-0.6, 5);
    // The Link header leads to the next page.
    const next = await fetch(`${api.base}${link!.slice(1, link!.indexOf('>'))}`, {
      headers: { accept: 'text/csv' },
    });
    const nextIds = parseCsv(await next.text())
      .slice(1)
      .map((row) => Number(row[0]));
    expect(nextIds).toEqual(ids(ordered(fixtures.filter((f) => f.feed === 'tass'))).slice(2, 4));
  });

  it('starts the CSV with a UTF-8 byte-order mark only with bom=true (Excel needs one for Cyrillic and Chinese)', async () => {
    // The bytes themselves: Response.text() would drop a leading byte-order mark.
    const bytes = async (query: string, accept = 'text/csv') =>
      Buffer.from(await (await get(query, { accept })).arrayBuffer());
    const plain = await bytes('?outlet=TASS&limit=2');
    const withBom = await bytes('?outlet=TASS&limit=2&bom=true');
    expect(plain.subarray(0, 4).toString()).toBe('"id"');
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(withBom.subarray(3)).toEqual(plain);
    expect((await bytes('?outlet=TASS&limit=2&bom=false')).equals(plain)).toBe(true);
    // JSON never carries one.
    expect((await bytes('?outlet=TASS&limit=2&bom=true', 'application/json'))[0]).toBe(0x7b);
  });

  it('refuses every bad parameter with a 400 problem naming it and what is allowed', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?from=2025-13-01', /query\.from: not a real calendar date/],
      ['?from=2025%2F05%2F08', /query\.from: .*ISO 8601/],
      ['?from=2025-02-30', /query\.from: not a real calendar date/],
      ['?to=yesterday', /query\.to: .*ISO 8601/],
      ['?from=2025-05-08T10:00:00', /query\.from: .*zone/],
      ['?from=2025-05-09&to=2025-05-08', /query\.from: must be earlier than to/],
      ['?kind=tabloid', /query\.kind\.0: expected one of state, independent, wire, aggregator/],
      ['?label=hostile', /query\.label\.0: expected one of supportive, neutral, critical/],
      ['?relevant=yes', /query\.relevant: expected true or false/],
      ['?limit=201', /query\.limit: expected a whole number from 1 to 200/],
      ['?limit=0', /query\.limit/],
      ['?limit=ten', /query\.limit/],
      ['?limit=1&limit=2', /query\.limit: give this parameter once/],
      ['?lens=nonexistent', /query\.lens: unknown lens; available lenses: russia-china/],
      ['?cursor=not-a-cursor', /query\.cursor: not a cursor/],
      [`?cursor=${Buffer.from("1'; DROP TABLE articles;--").toString('base64url')}`, /query\.cursor/],
      ['?minScore=2', /query\.minScore: expected a number from -1 to 1/],
      ['?maxScore=NaN', /query\.maxScore/],
      ['?minScore=0.5&maxScore=0.1', /query\.minScore: must not be greater than maxScore/],
      ['?feed=abc', /query\.feed\.0: expected a positive whole number/],
      ['?country=Russia%27--', /query\.country\.0: expected a country code/],
      ['?q=%21%21%21', /query\.q: expected words/],
      [`?q=${'x'.repeat(501)}`, /query\.q: expected at most 500/],
      ['?outlets=TASS', /unknown parameter "outlets"/],
      ['?outlet[$ne]=TASS', /query/],
    ];
    for (const [query, detail] of cases) {
      const response = await get(query);
      const problem = await json(response);
      expect({ query, status: response.status, detail: problem.detail }).toEqual({
        query,
        status: 400,
        detail: expect.stringMatching(detail),
      });
      expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    // Injection text in a filter is only a value.
    const body = await json(
      await get(
        `?outlet=${encodeURIComponent("TASS' OR '1'='1")}&q=${encodeURIComponent("'; DROP TABLE articles; --")}`,
      ),
    );
    expect(body.articles).toEqual([]);
    expect((await json(await get('?limit=200'))).articles).toHaveLength(fixtures.length);
  });
});

function score(
  articleId: number,
  model: string,
  label: ArticleScore['stanceLabel'],
  stance: number,
): ArticleScore {
  return {
    articleId,
    lens: LENS,
    model,
    modelRevision: 'main',
    stanceLabel: label,
    pSupportive: 0.8,
    pNeutral: 0.1,
    pCritical: 0.1,
    stanceScore: stance,
    sentimentModel: 'stancewatch-builtin-sentiment',
    sentimentLabel: 'positive',
    sentimentScore: 0.3,
    pCooperation: 0.6,
    pConflict: 0.4,
    framingScore: 0.2,
  };
}

/** An RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}
