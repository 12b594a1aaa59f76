import { freshnessSeconds, parseRetryAfter } from './response-headers.js';

const now = new Date('2025-05-08T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 7 ', now)).toBe(7);
  });

  it('reads an HTTP date as seconds from now, never negative', () => {
    expect(parseRetryAfter('Thu, 08 May 2025 12:02:30 GMT', now)).toBe(150);
    expect(parseRetryAfter('Thu, 08 May 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('freshnessSeconds', () => {
  it('prefers max-age, then s-maxage', () => {
    expect(freshnessSeconds({ 'cache-control': 'public, max-age=600, s-maxage=60' }, now)).toBe(600);
    expect(freshnessSeconds({ 'cache-control': 's-maxage=60' }, now)).toBe(60);
    expect(freshnessSeconds({ 'cache-control': 'max-age="300"' }, now)).toBe(300);
  });

  it('falls back to Expires measured against the server Date', () => {
    const headers = { date: 'Thu, 08 May 2025 10:00:00 GMT', expires: 'Thu, 08 May 2025 10:30:00 GMT' };
    expect(freshnessSeconds(headers, now)).toBe(1800);
  });

  it('treats an unreadable Expires as already stale and no-store as no hint', () => {
    expect(freshnessSeconds({ expires: '0' }, now)).toBe(0);
    expect(freshnessSeconds({ 'cache-control': 'no-store, max-age=600' }, now)).toBeNull();
    expect(freshnessSeconds({}, now)).toBeNull();
  });
});
