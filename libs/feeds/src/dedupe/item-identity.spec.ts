import type { FeedItem } from '../feed-document.js';
import { itemKey, titleKey, urlHash } from './item-identity.js';

const item = (over: Partial<FeedItem>): FeedItem => ({
  guid: null,
  url: null,
  canonicalUrl: null,
  title: null,
  summary: null,
  author: null,
  publishedAt: null,
  publishedAtSource: null,
  categories: [],
  language: null,
  ...over,
});

describe('item identity', () => {
  it('prefers the GUID, then the URL, then title and date', () => {
    const byGuid = itemKey(item({ guid: 'a', url: 'https://x/1' }));
    expect(byGuid).toEqual(itemKey(item({ guid: 'a', url: 'https://x/2' })));
    expect(itemKey(item({ url: 'https://x/1' }))).not.toEqual(itemKey(item({ url: 'https://x/2' })));
    expect(itemKey(item({ title: 'Putin meets Xi' }))).not.toBeNull();
    expect(itemKey(item({}))).toBeNull();
  });

  it('gives the same URL hash to the same canonical URL from any feed', () => {
    const key = itemKey(item({ guid: 'g' }))!;
    const a = urlHash(item({ canonicalUrl: 'https://news.example/a' }), 1, key);
    const b = urlHash(item({ canonicalUrl: 'https://news.example/a' }), 2, key);
    expect(a).toEqual(b);
    expect(urlHash(item({}), 1, key)).not.toEqual(urlHash(item({}), 2, key));
  });

  it('links syndicated titles regardless of case and punctuation, but not short generic ones', () => {
    expect(titleKey('Putin and Xi sign energy deal in Beijing')).toBe(
      titleKey('PUTIN and Xi sign energy deal — in Beijing!'),
    );
    expect(titleKey('Россия и Китай подписали ещё одно соглашение')).toBe(
      titleKey('Россия и Китай подписали еще одно соглашение'),
    );
    expect(titleKey('World news')).toBeNull();
    expect(titleKey('中俄两国元首签署联合声明深化全面战略协作')).not.toBeNull();
  });
});
