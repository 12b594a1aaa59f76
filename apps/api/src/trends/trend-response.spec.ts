import { RenderedTrend, TrendResponseCache } from './trend-response.js';

const body = (bytes: number) => new RenderedTrend('application/json', Buffer.alloc(bytes));

describe('TrendResponseCache', () => {
  it('keeps no answer over half its budget, and evicts nothing for one', () => {
    const cache = new TrendResponseCache(1000);
    for (const key of ['a', 'b', 'c']) expect(cache.set(key, 'v1', body(100))).toBe(true);
    expect(cache.set('whole', 'v1', body(2000))).toBe(false);
    expect(cache.set('most', 'v1', body(501))).toBe(false);
    expect(cache.get('whole', 'v1')).toBeUndefined();
    expect(cache.get('most', 'v1')).toBeUndefined();
    for (const key of ['a', 'b', 'c']) expect(cache.get(key, 'v1')?.bytes).toBe(100);
  });

  it('evicts the oldest answers, as few as make room, for one that fits', () => {
    const cache = new TrendResponseCache(1000);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, 'v1', body(200));
    expect(cache.set('e', 'v1', body(500))).toBe(true);
    expect(cache.get('a', 'v1')).toBeUndefined();
    expect(cache.get('b', 'v1')).toBeUndefined();
    for (const key of ['c', 'd', 'e']) expect(cache.get(key, 'v1')).toBeDefined();
  });

  it('drops the older version of an answer that is now too large to keep', () => {
    const cache = new TrendResponseCache(1000);
    cache.set('a', 'v1', body(100));
    expect(cache.set('a', 'v2', body(600))).toBe(false);
    expect(cache.get('a', 'v1')).toBeUndefined();
  });
});
