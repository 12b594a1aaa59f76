import type { FeedDocument, FeedItem } from '../feed-document.js';
import { articleDrafts } from './article-drafts.js';
import { GUID_MAX_CHARS, LINK_MAX_CHARS, whyUnstorable } from './storable-item.js';

const item = (over: Partial<FeedItem>): FeedItem => ({
  guid: null,
  url: 'https://news.example/a',
  canonicalUrl: 'https://news.example/a',
  title: 'Moscow and Beijing sign an accord',
  summary: null,
  author: null,
  publishedAt: new Date('2025-05-08T12:00:00Z'),
  publishedAtSource: 'published',
  categories: [],
  language: 'en',
  ...over,
});

describe('what PostgreSQL would refuse in an item', () => {
  it('accepts an ordinary item and fields right at their caps', () => {
    expect(whyUnstorable(item({}))).toBeNull();
    const link = `https://news.example/${'a'.repeat(LINK_MAX_CHARS - 21)}`;
    expect(link).toHaveLength(LINK_MAX_CHARS);
    expect(whyUnstorable(item({ url: link, guid: 'g'.repeat(GUID_MAX_CHARS) }))).toBeNull();
  });

  it('names the field that holds a NUL character, whichever it is', () => {
    const cases: [string, Partial<FeedItem>][] = [
      ['title', { title: 'a\u0000b' }],
      ['summary', { summary: 'x\u0000' }],
      ['author', { author: '\u0000' }],
      ['guid', { guid: 'g\u0000' }],
      ['link', { url: 'https://news.example/\u0000' }],
      ['category', { categories: ['ok', 'b\u0000d'] }],
    ];
    for (const [field, over] of cases) {
      expect(whyUnstorable(item(over))).toBe(
        `${field} holds a NUL character (U+0000), which PostgreSQL text cannot store`,
      );
    }
  });

  it('refuses a link or a GUID past its cap, in words without the item in them', () => {
    expect(whyUnstorable(item({ url: `https://news.example/${'a'.repeat(LINK_MAX_CHARS)}` }))).toBe(
      'link longer than 4096 characters',
    );
    expect(whyUnstorable(item({ guid: 'g'.repeat(GUID_MAX_CHARS + 1) }))).toBe(
      'guid longer than 2048 characters',
    );
  });

  it('leaves the refused items out of the drafts, by their place in the document, and keeps the rest', () => {
    const document: FeedDocument = {
      feed: {
        title: null,
        link: null,
        language: 'en',
        ttlMinutes: null,
        encoding: 'utf-8',
        format: 'rss2.0',
      },
      items: [
        item({ url: 'https://news.example/1', canonicalUrl: 'https://news.example/1' }),
        item({ title: 'bad\u0000title' }),
        item({ url: 'https://news.example/3', canonicalUrl: 'https://news.example/3' }),
        item({ guid: 'g'.repeat(5_000) }),
      ],
    };
    const { drafts, unstorable } = articleDrafts(document, 1, new Date(), []);
    expect(drafts.map((draft) => draft.url)).toEqual(['https://news.example/1', 'https://news.example/3']);
    expect(unstorable).toEqual([
      { index: 1, reason: 'title holds a NUL character (U+0000), which PostgreSQL text cannot store' },
      { index: 3, reason: 'guid longer than 2048 characters' },
    ]);
  });
});
