import { MAX_CACHED_ENTRY_BYTES, RenderedTrend, TrendResponseCache } from './trend-response.js';

const trend = (bytes: number) => new RenderedTrend('application/json', Buffer.alloc(bytes, 0x20));

describe('the trend response cache', () => {
  it('serves an oversized answer without keeping it, and keeps every other answer', () => {
    const cache = new TrendResponseCache();
    const small = [trend(1_000), trend(2_000), trend(3_000)];
    small.forEach((entry, i) => cache.set(`small-${i}`, 'v1', entry));

    cache.set('huge', 'v1', trend(MAX_CACHED_ENTRY_BYTES + 1));

    expect(cache.get('huge', 'v1')).toBeUndefined();
    small.forEach((entry, i) => expect(cache.get(`small-${i}`, 'v1')).toBe(entry));
  });

  it('keeps an answer at the entry limit, and drops the oldest when the whole budget is passed', () => {
    const cache = new TrendResponseCache();
    // Eight entries at the limit fill the budget exactly; a ninth pushes out the first only.
    for (let i = 0; i < 9; i++) cache.set(`big-${i}`, 'v1', trend(MAX_CACHED_ENTRY_BYTES));
    expect(cache.get('big-0', 'v1')).toBeUndefined();
    for (let i = 1; i < 9; i++) expect(cache.get(`big-${i}`, 'v1')).toBeDefined();
  });

  it('answers a request only at the data version it was computed at', () => {
    const cache = new TrendResponseCache();
    cache.set('k', 'v1', trend(10));
    expect(cache.get('k', 'v2')).toBeUndefined();
    expect(cache.get('k', 'v1')).toBeUndefined();
  });
});
