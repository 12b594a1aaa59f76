import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { LENS, MODEL, insertFeed, insertScored } from '../support/alert-archive.js';

const BUDGET = 64 * 1024;
const DAY = 86_400_000;

/**
 * One answer too large for the cache is served, but not kept: the answers other requests are
 * served from stay in memory (`Cache-Status` says which came from it).
 */
describe('GET /api/v1/trends: an answer larger than the cache', () => {
  const api = apiOnItsOwnDatabase({ TREND_CACHE_MAX_BYTES: String(BUDGET) });
  const to = new Date(Date.UTC(2026, 2, 1));

  beforeAll(async () => {
    const feed = await insertFeed(api.target.db, 'Outlet A');
    await insertScored(
      api.target.db,
      feed,
      Array.from({ length: 20 }, (_, i) => ({
        publishedAt: new Date(to.getTime() - (i + 1) * 7_200_000),
        label: 'neutral' as const,
      })),
    );
  });

  const trend = async (query: Record<string, string>) => {
    const params = new URLSearchParams({ lens: LENS, model: MODEL, to: to.toISOString(), ...query });
    const response = await fetch(`${api.base}/api/v1/trends?${params}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(response.status).toBe(200);
    return {
      cacheStatus: response.headers.get('cache-status'),
      bytes: (await response.arrayBuffer()).byteLength,
    };
  };
  const daysBack = (days: number) => new Date(to.getTime() - days * DAY).toISOString();
  const small = [7, 8, 9].map((days) => ({ interval: 'day', from: daysBack(days) }));
  const oversized = { interval: 'hour', from: daysBack(10) };

  it('serves an oversized answer without keeping it, and keeps serving the earlier answers from memory', async () => {
    for (const query of small) {
      const first = await trend(query);
      expect(first.cacheStatus).toBe('stancewatch; fwd=miss; stored');
      expect(first.bytes).toBeLessThan(BUDGET / 8);
      expect((await trend(query)).cacheStatus).toBe('stancewatch; hit');
    }

    const big = await trend(oversized);
    expect(big.bytes).toBeGreaterThan(BUDGET);
    expect(big.cacheStatus).toBe('stancewatch; fwd=miss; stored=?0; detail=too-large');
    // Not kept: the same request is computed again.
    expect((await trend(oversized)).cacheStatus).toBe('stancewatch; fwd=miss; stored=?0; detail=too-large');

    for (const query of small) expect((await trend(query)).cacheStatus).toBe('stancewatch; hit');
  });
});
