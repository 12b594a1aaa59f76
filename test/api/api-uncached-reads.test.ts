import { ApiKeyRepository } from '../../libs/db/src/index.js';
import { apiOnItsOwnDatabase, type ApiFixture } from '../support/api-fixture.js';
import { LENS, MODEL, insertFeed, insertScored } from '../support/alert-archive.js';

const LIMIT = 3;
const DAY = 86_400_000;
const to = new Date(Date.UTC(2026, 2, 1));

/** One scored article, and a read key; the API computes at most LIMIT trends or sources a minute per address without a key. */
function limitedApi(): { api: ApiFixture; key: () => string } {
  const api = apiOnItsOwnDatabase({
    RATE_LIMIT_UNCACHED_PER_MINUTE: String(LIMIT),
    RATE_LIMIT_PER_MINUTE: '1000',
  });
  let key = '';
  beforeAll(async () => {
    const feed = await insertFeed(api.target.db, 'Outlet A');
    await insertScored(api.target.db, feed, [
      { publishedAt: new Date(to.getTime() - DAY), label: 'neutral' },
    ]);
    key = (await new ApiKeyRepository(api.target.db).create('benchmark', ['read'])).key;
  });
  return { api, key: () => key };
}

async function get(api: ApiFixture, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.base}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    cacheStatus: response.headers.get('cache-status'),
    retryAfter: response.headers.get('retry-after'),
    type: response.headers.get('content-type'),
    detail: response.status === 200 ? null : (JSON.parse(text) as { detail: string }).detail,
  };
}

function expectTooMany(answer: Awaited<ReturnType<typeof get>>) {
  expect([answer.status, answer.type]).toEqual([429, 'application/problem+json; charset=utf-8']);
  expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
  expect(answer.detail).toMatch(
    new RegExp(
      `^too many computed reads: without an API key, at most ${LIMIT} trends or sources a minute .*Retry-After.*API key$`,
    ),
  );
}

const trendPath = (days: number) =>
  `/api/v1/trends?${new URLSearchParams({ lens: LENS, model: MODEL, from: new Date(to.getTime() - days * DAY).toISOString(), to: to.toISOString() })}`;

describe('GET /api/v1/trends: computations for callers without a key', () => {
  const { api, key } = limitedApi();
  const NO_CACHE = { 'cache-control': 'no-cache' };

  it('answers an anonymous no-cache from memory, computes at most the limit of new trends, then 429 with Retry-After', async () => {
    expect((await get(api, trendPath(10), NO_CACHE)).cacheStatus).toBe('stancewatch; fwd=miss; stored');
    for (let i = 0; i < 10; i += 1) {
      const again = await get(api, trendPath(10), NO_CACHE);
      expect([again.status, again.cacheStatus]).toEqual([200, 'stancewatch; hit']);
    }
    // Each new period is a computation: two more are allowed, then none this minute.
    for (const days of [11, 12]) expect((await get(api, trendPath(days))).status).toBe(200);
    expectTooMany(await get(api, trendPath(13)));
    expectTooMany(await get(api, trendPath(14), NO_CACHE));
    // What is in memory is still answered.
    expect((await get(api, trendPath(11))).cacheStatus).toBe('stancewatch; hit');
  });

  it('computes afresh for a caller with a key, on every no-cache and every new trend, past the anonymous limit', async () => {
    const auth = { authorization: `Bearer ${key()}` };
    for (let i = 0; i < LIMIT * 2; i += 1) {
      const fresh = await get(api, trendPath(10), { ...auth, 'cache-control': 'no-cache' });
      expect([fresh.status, fresh.cacheStatus]).toEqual([200, 'stancewatch; fwd=request; stored']);
      expect((await get(api, trendPath(20 + i), auth)).cacheStatus).toBe('stancewatch; fwd=miss; stored');
    }
  });
});

describe('GET /api/v1/sources: computations for callers without a key', () => {
  const { api, key } = limitedApi();
  const sourcesPath = `/api/v1/sources?lens=${LENS}&model=${MODEL}&from=2000-01-01&to=2026-03-01`;

  it('answers an anonymous address the limit of times a minute, then 429 with Retry-After; a key is not counted', async () => {
    for (let i = 0; i < LIMIT; i += 1) expect((await get(api, sourcesPath)).status).toBe(200);
    expectTooMany(await get(api, sourcesPath));
    for (let i = 0; i < LIMIT * 2; i += 1)
      expect((await get(api, sourcesPath, { authorization: `Bearer ${key()}` })).status).toBe(200);
    expectTooMany(await get(api, sourcesPath));
  });
});
