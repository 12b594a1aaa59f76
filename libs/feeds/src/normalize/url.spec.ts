import { absoluteUrl, canonicalUrl } from './url.js';

describe('urls', () => {
  test('relative links resolve against the base; non-http schemes are dropped', () => {
    expect(absoluteUrl('../a?b=1', 'https://example.com/x/y/')).toBe('https://example.com/x/a?b=1');
    expect(absoluteUrl('javascript:alert(1)', 'https://example.com/')).toBeNull();
    expect(absoluteUrl('/a', null)).toBeNull();
  });

  test('the canonical URL drops tracking, fragment and default port, and sorts the query', () => {
    expect(canonicalUrl('HTTPS://News.Example.COM:443/a?z=1&utm_source=x&fbclid=y&a=2&gclid=3#top')).toBe(
      'https://news.example.com/a?a=2&z=1',
    );
    expect(canonicalUrl('http://example.com/a?utm_medium=rss')).toBe('http://example.com/a');
  });
});
