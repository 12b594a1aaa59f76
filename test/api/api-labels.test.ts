import { randomBytes } from 'node:crypto';
import { ApiKeyRepository, type Database } from '../../libs/db/src/index.js';
import { proportionalQuotas } from '../../libs/scoring/src/index.js';
import { insertFeed, insertScored, LENS, MODEL, minutesAfter } from '../support/alert-archive.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';

const BOOTSTRAP_KEY = 'bootstrap-admin-key-0123456789';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read field by field
type Json = any;

async function independentFeed(db: Database, outlet: string): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ($1, $2, 'INT', 'en', 'independent') RETURNING id`,
    [`https://${randomBytes(4).toString('hex')}.example/rss`, outlet],
  );
  return row.id;
}

describe('gold labels through the API: scopes, several annotators, deletes, lists and samples', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: BOOTSTRAP_KEY, RATE_LIMIT_PER_MINUTE: '1000000' });
  const keys: Record<'alice' | 'bob' | 'reader' | 'operator', string> = {} as never;
  let state: number[];
  let independent: number[];
  const start = new Date('2025-04-01T00:00:00Z');

  beforeAll(async () => {
    const repository = new ApiKeyRepository(api.target.db);
    keys.alice = (await repository.create('alice', ['annotate'])).key;
    keys.bob = (await repository.create('bob', ['annotate'])).key;
    keys.reader = (await repository.create('reader', ['read'])).key;
    keys.operator = (await repository.create('operator', ['admin'])).key;
    const tass = await insertFeed(api.target.db, 'TASS');
    state = await insertScored(
      api.target.db,
      tass,
      Array.from({ length: 30 }, (_, i) => ({
        publishedAt: minutesAfter(start, i * 60),
        label: (['supportive', 'neutral', 'critical'] as const)[i % 3],
        language: i % 3 === 0 ? 'ru' : 'en',
      })),
    );
    const meduza = await independentFeed(api.target.db, 'Meduza');
    independent = await insertScored(
      api.target.db,
      meduza,
      Array.from({ length: 10 }, (_, i) => ({
        publishedAt: minutesAfter(start, i * 60 + 30),
        label: 'critical',
      })),
    );
  });

  const call = async (method: string, path: string, key: string | null, body?: unknown, accept?: string) => {
    const response = await fetch(`${api.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === null ? {} : { authorization: `Bearer ${key}` }),
        ...(accept ? { accept } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      headers: response.headers,
      body: (/json/.test(type) ? JSON.parse(text) : text) as Json,
    };
  };
  const label = (id: number, key: string, value: string, note?: string) =>
    call('PUT', `/api/v1/articles/${id}/labels`, key, {
      lens: LENS,
      label: value,
      ...(note ? { note } : {}),
    });

  it('stores a label for an annotate or admin key, as the key name or admin, and refuses everyone else', async () => {
    const [first] = state;
    const anonymous = await call('PUT', `/api/v1/articles/${first}/labels`, null, {
      lens: LENS,
      label: 'neutral',
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.detail).toMatch(/annotate scope/);
    const reader = await label(first, keys.reader, 'neutral');
    expect(reader.status).toBe(403);
    expect(reader.body.detail).toMatch(
      /"reader" has the scope read; this route needs the annotate scope \(or admin\)/,
    );
    // Labels are read with the annotate scope too, even while reads are open.
    expect((await call('GET', `/api/v1/labels`, null)).status).toBe(401);
    expect((await call('GET', `/api/v1/labels`, keys.reader)).status).toBe(403);

    const stored = await label(first, keys.alice, 'supportive', '  calls the talks a success  ');
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({
      articleId: first,
      lens: LENS,
      annotator: 'alice',
      label: 'supportive',
      note: 'calls the talks a success',
      labelledAt: expect.any(String),
    });
    const byBootstrap = await label(first, BOOTSTRAP_KEY, 'supportive');
    expect(byBootstrap.body.annotator).toBe('admin');
    const byOperator = await label(first, keys.operator, 'supportive');
    expect(byOperator.body.annotator).toBe('operator');

    // An annotator writes nothing else.
    const addFeed = await call('POST', '/api/v1/feeds', keys.alice, {
      url: 'https://example.org/rss',
      outlet: 'X',
      country: 'RU',
      language: 'en',
      kind: 'state',
    });
    expect(addFeed.status).toBe(403);
    expect(addFeed.body.detail).toMatch(/needs the admin scope/);

    for (const key of [BOOTSTRAP_KEY, keys.operator, keys.alice])
      await call('DELETE', `/api/v1/articles/${first}/labels?lens=${LENS}`, key);
  });

  it("keeps each annotator's latest label, makes gold labels by majority, counts ties as disputed, and reports alpha", async () => {
    const [a, b, c, d] = state;
    await label(a, keys.alice, 'supportive');
    const replaced = await label(a, keys.alice, 'critical');
    await label(a, keys.bob, 'critical');
    await label(b, keys.alice, 'supportive');
    await label(b, keys.bob, 'critical');
    await label(c, keys.alice, 'neutral');
    await label(c, keys.bob, 'neutral');
    await label(c, BOOTSTRAP_KEY, 'critical');
    await label(d, keys.alice, 'supportive');

    const alices = await call('GET', `/api/v1/labels?annotator=alice&lens=${LENS}`, keys.alice);
    expect(alices.body.labels.filter((l: Json) => l.articleId === a)).toEqual([
      expect.objectContaining({ label: 'critical', labelledAt: replaced.body.labelledAt }),
    ]);

    const summary = (await call('GET', `/api/v1/labels/summary?lens=${LENS}`, keys.bob)).body;
    expect(summary).toMatchObject({
      lens: LENS,
      labels: 8,
      articles: 4,
      annotators: [
        { annotator: 'alice', labels: 4 },
        { annotator: 'bob', labels: 3 },
        { annotator: 'admin', labels: 1 },
      ],
      // a: critical by both; b: a tie; c: neutral two to one; d: alice alone.
      gold: { supportive: 1, neutral: 1, critical: 1 },
      disputed: 1,
    });
    // The fixture's articles 0, 3, 6, ... are Russian: a (0) and d (3) are, b and c are English.
    expect(summary.byLanguage).toEqual({
      ru: { supportive: 1, neutral: 0, critical: 1, disputed: 0 },
      en: { supportive: 0, neutral: 1, critical: 0, disputed: 1 },
    });
    // By hand from the coincidence matrix: o(c,c) = 2, o(s,c) = o(c,s) = 1, o(n,n) = 1, o(n,c) = o(c,n) = 1;
    // n = 7 values, marginals c 4, n 2, s 1: alpha = 1 − 6·4 / (2·(4·1 + 4·2 + 1·2)) = 1/7.
    expect(summary.agreement.alpha).toBeCloseTo(1 / 7, 12);
    expect(summary.agreement).toMatchObject({ units: 3, values: 7, annotators: 3 });
  });

  it("removes only the caller's label, and says so when there is none", async () => {
    const [, b] = state;
    const removed = await call('DELETE', `/api/v1/articles/${b}/labels?lens=${LENS}`, keys.bob);
    expect(removed.status).toBe(204);
    const again = await call('DELETE', `/api/v1/articles/${b}/labels?lens=${LENS}`, keys.bob);
    expect(again.status).toBe(404);
    expect(again.body.detail).toBe(`"bob" has no label of article ${b} for the lens ${LENS}`);
    const summary = (await call('GET', `/api/v1/labels/summary?lens=${LENS}`, keys.alice)).body;
    // b now has alice's supportive alone: a gold label, no longer disputed.
    expect(summary).toMatchObject({
      labels: 7,
      disputed: 0,
      gold: { supportive: 2, neutral: 1, critical: 1 },
    });
  });

  it('lists labels newest first in keyset pages, filtered by annotator, article and label time, as JSON and CSV', async () => {
    const all = (await call('GET', `/api/v1/labels?limit=1000`, keys.alice)).body.labels as Json[];
    expect(all).toHaveLength(7);
    const times = all.map((l) => Date.parse(l.labelledAt));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Json = (
        await call('GET', `/api/v1/labels?limit=3${cursor ? `&cursor=${cursor}` : ''}`, keys.alice)
      ).body;
      seen.push(...page.labels.map((l: Json) => `${l.articleId}/${l.annotator}`));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.map((l) => `${l.articleId}/${l.annotator}`));

    const bobs = (await call('GET', `/api/v1/labels?annotator=bob`, keys.alice)).body.labels as Json[];
    expect(bobs.map((l) => l.annotator)).toEqual(['bob', 'bob']);
    const one = all[0].articleId;
    const ofArticle = (await call('GET', `/api/v1/labels?article=${one}`, keys.alice)).body;
    expect(ofArticle.labels.map((l: Json) => `${l.articleId}/${l.annotator}`)).toEqual(
      all.filter((l) => l.articleId === one).map((l) => `${l.articleId}/${l.annotator}`),
    );
    expect(ofArticle.query.article).toBe(one);
    const badArticle = await call('GET', `/api/v1/labels?article=first`, keys.alice);
    expect(badArticle.status).toBe(400);
    expect(JSON.stringify(badArticle.body)).toMatch(/article.*expected a whole number/);
    const middle = all[3].labelledAt;
    const before = (await call('GET', `/api/v1/labels?to=${middle}`, keys.alice)).body.labels as Json[];
    expect(before.map((l) => l.labelledAt)).toEqual(all.slice(4).map((l) => l.labelledAt));
    expect(before[0]).toMatchObject({ outlet: 'TASS', kind: 'state', url: expect.stringMatching(/^https:/) });

    const csv = await call('GET', `/api/v1/labels?limit=2`, keys.alice, undefined, 'text/csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (csv.body as string).trim().split('\r\n');
    expect(header).toBe(
      '"article_id","lens","annotator","label","note","labelled_at","url","title","outlet","kind","language"',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].startsWith(`${all[0].articleId},"${LENS}","${all[0].annotator}","${all[0].label}"`)).toBe(
      true,
    );
    expect(csv.headers.get('link')).toMatch(/^<\/api\/v1\/labels\?limit=2&cursor=[\w-]+>; rel="next"$/);
  });

  it('draws reproducible samples of scored articles the caller has not labelled, stratified in proportion', async () => {
    const sample = (key: string, query: string) =>
      call('GET', `/api/v1/labels/sample?model=${MODEL}&${query}`, key).then((r) => r.body);
    const first = await sample(keys.alice, 'n=10&seed=s1');
    expect(first.sample).toMatchObject({ lens: LENS, model: MODEL, annotator: 'alice', seed: 's1', n: 10 });
    // 40 scored articles, alice labelled 4 of them.
    expect(first.sample.eligible).toBe(36);
    expect(first.articles).toHaveLength(10);
    const ids = first.articles.map((article: Json) => article.id);
    expect((await sample(keys.alice, 'n=10&seed=s1')).articles.map((a: Json) => a.id)).toEqual(ids);
    expect((await sample(keys.alice, 'n=10&seed=s2')).articles.map((a: Json) => a.id)).not.toEqual(ids);
    const alicesLabels = state.slice(0, 4);
    expect(ids.filter((id: number) => alicesLabels.includes(id))).toEqual([]);
    expect(first.articles[0]).toMatchObject({ stratum: 'all', score: { model: { id: MODEL } } });

    // Label the first two drawn: the same seed then draws the rest in the same order.
    for (const id of ids.slice(0, 2)) await label(id, keys.alice, 'neutral');
    expect((await sample(keys.alice, 'n=8&seed=s1')).articles.map((a: Json) => a.id)).toEqual(ids.slice(2));
    // Bob's sample is his own: alice's labels do not take articles out of it.
    expect((await sample(keys.bob, 'n=1000&seed=s1')).sample.eligible).toBe(40 - 2);

    // Alice has labelled 4 + 2 articles; the strata are what is left of each kind of outlet.
    const labelled = [...state.slice(0, 4), ...ids.slice(0, 2)];
    const left = {
      independent: independent.filter((id) => !labelled.includes(id)).length,
      state: state.filter((id) => !labelled.includes(id)).length,
    };
    const stratified = await sample(keys.alice, 'n=9&seed=s3&stratify=kind');
    const quotas = proportionalQuotas(
      [
        { key: 'independent', eligible: left.independent },
        { key: 'state', eligible: left.state },
      ],
      9,
    );
    expect(stratified.sample.strata).toEqual([
      { key: 'independent', eligible: left.independent, drawn: quotas.get('independent') },
      { key: 'state', eligible: left.state, drawn: quotas.get('state') },
    ]);
    expect(stratified.articles).toHaveLength(9);
    expect(stratified.articles.every((a: Json) => a.stratum === a.kind)).toBe(true);
    expect(stratified.articles.filter((a: Json) => independent.includes(a.id))).toHaveLength(
      quotas.get('independent')!,
    );
    const byLanguage = await sample(keys.alice, 'n=34&stratify=language');
    expect(byLanguage.sample.strata.map((s: Json) => [s.key, s.drawn])).toEqual([
      ['en', byLanguage.sample.strata[0].eligible],
      ['ru', byLanguage.sample.strata[1].eligible],
    ]);
    expect(byLanguage.sample.seed).toMatch(/^[\w-]{8}$/);
  });

  it('answers bad labels and queries with 400 or 404 and what to change, storing nothing', async () => {
    const [, , , , e] = state;
    const before = (await call('GET', `/api/v1/labels/summary?lens=${LENS}`, keys.alice)).body.labels;
    for (const [body, pattern] of [
      [{ lens: LENS, label: 'positive' }, /body\.label: expected one of supportive, neutral, critical/],
      [{ lens: 'nope', label: 'neutral' }, /body\.lens: unknown lens; available lenses: russia-china/],
      [{ label: 'neutral' }, /body\.lens/],
      [
        { lens: LENS, label: 'neutral', note: 'x'.repeat(2001) },
        /body\.note: expected at most 2000 characters/,
      ],
      [{ lens: LENS, label: 'neutral', extra: 1 }, /extra/],
    ] as const) {
      const response = await call('PUT', `/api/v1/articles/${e}/labels`, keys.alice, body);
      expect([JSON.stringify(body).slice(0, 60), response.status]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
      ]);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
      expect(response.body.detail).toMatch(pattern);
    }
    const missing = await label(987654321, keys.alice, 'neutral');
    expect([missing.status, missing.body.detail]).toEqual([404, 'no article with id 987654321']);
    for (const [path, pattern] of [
      [`/api/v1/articles/${e}/labels`, /query\.lens/],
      ['/api/v1/labels/sample?n=0', /query\.n: expected a whole number from 1 to 1000/],
      ['/api/v1/labels/sample?stratify=editor', /query\.stratify: expected one of language, kind, outlet/],
      ['/api/v1/labels/sample?lens=nope', /unknown lens/],
      ['/api/v1/labels?cursor=abc', /not a cursor from this API/],
      ['/api/v1/labels?from=2025-06-01&to=2025-01-01', /earlier than to/],
    ] as const) {
      const method = path.includes('/articles/') ? 'DELETE' : 'GET';
      const response = await call(method, path, keys.alice);
      expect([path, response.status]).toEqual([path, 400]);
      expect(response.body.detail).toMatch(pattern);
    }
    expect((await call('GET', `/api/v1/labels/summary?lens=${LENS}`, keys.alice)).body.labels).toBe(before);
  });
});
