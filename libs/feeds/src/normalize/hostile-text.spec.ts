import { parseFeedText } from '../parse/feed-parser.js';
import type { XmlElement } from '../parse/xml-node.js';
import { buildItem } from './build-item.js';
import { htmlToText } from './text.js';
import { AUTHOR_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT } from './text-limits.js';

/**
 * Inputs at sizes where the old regular expressions (quadratic, cubic for authors) would run for
 * minutes to hours. Nothing here measures time: finishing at all, with the other fields intact, is
 * the check; the timeouts are only generous ceilings.
 */
const MiB = 1024 * 1024;
const HOSTILE_TIMEOUT_MS = 60_000;

const context = { atom: false, base: 'https://example.org/', language: null, feedAuthor: null };
const item = (fields: Record<string, string>): XmlElement =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, [value]]));

describe('normalising hostile text', () => {
  test(
    'a description of 1 MiB of "<p" is text, capped to the summary limit',
    () => {
      const built = buildItem(
        item({ title: 'Gas talks', link: 'https://example.org/a', description: '<p'.repeat(MiB / 2) }),
        {},
        context,
      );

      expect(built.title).toBe('Gas talks');
      expect(built.url).toBe('https://example.org/a');
      expect(built.summary).toHaveLength(SUMMARY_LIMIT.maxChars);
      expect(built.summary).toMatch(/^(<p)+$/);
    },
    HOSTILE_TIMEOUT_MS,
  );

  test.each([
    ['<p', '<p'],
    ['<script', '<script'],
    ['<style>', '<style>'],
    ['<!--', '<!--'],
    ['</object', '</object'],
    ['<p ', '<p '],
    ['<a', '<a'],
    ['&', '&'],
    ['&#x', '&#x'],
  ])(
    'htmlToText reads 4 MiB of "%s" in one pass',
    (unit) => {
      const html = `intro ${unit.repeat((4 * MiB) / unit.length)} end`;
      expect(htmlToText(html)?.startsWith('intro')).toBe(true);
    },
    HOSTILE_TIMEOUT_MS,
  );

  test(
    'tags that never close around real text: the text survives',
    () => {
      const html = `${'<script>'.repeat(100_000)}</script>Kept ${'<p'.repeat(100_000)}>words`;
      expect(htmlToText(html)).toBe('Kept words');
    },
    HOSTILE_TIMEOUT_MS,
  );

  test(
    'a title of 8 MiB is capped to the title limit; the item is otherwise whole',
    async () => {
      const huge = 'Power of Siberia '.repeat((8 * MiB) / 17);
      const doc = await parseFeedText(
        rss(
          `<item><title>${huge}</title><link>https://example.org/big</link><description>fine</description></item>` +
            `<item><title>Second</title><link>https://example.org/second</link></item>`,
        ),
      );

      expect(doc.items).toHaveLength(2);
      expect(doc.items[0].title!.length).toBeLessThanOrEqual(TITLE_LIMIT.maxChars);
      expect(doc.items[0].title!.length).toBeGreaterThan(TITLE_LIMIT.maxChars - 20);
      expect(doc.items[0].title).toMatch(/^Power of Siberia Power/);
      expect(doc.items[0].summary).toBe('fine');
      expect(doc.items[1]).toMatchObject({ title: 'Second', url: 'https://example.org/second' });
    },
    HOSTILE_TIMEOUT_MS,
  );

  test(
    'forty 1 MiB authors of every awkward shape are capped; the feed keeps its items',
    async () => {
      const shapes = [
        'a@'.repeat(MiB / 2),
        `x${'(a@'.repeat(MiB / 3)})`,
        `x${'(a@'.repeat(MiB / 3)}`,
        `a${' '.repeat(MiB)}x`,
        `${'a '.repeat(MiB / 2)}<a@b>`,
        `a@b (${'('.repeat(MiB)})`,
        `${'<'.repeat(MiB)}@>`,
        `${'Name '.repeat(MiB / 5)}(a@b)`,
      ];
      const items = Array.from({ length: 40 }, (_, i) => {
        const author = shapes[i % shapes.length].replace(/&/g, '&amp;').replace(/</g, '&lt;');
        return `<item><title>Item ${i}</title><link>https://example.org/${i}</link><author>${author}</author></item>`;
      });
      const doc = await parseFeedText(rss(items.join('')));

      expect(doc.items).toHaveLength(40);
      doc.items.forEach((parsed, i) => {
        expect(parsed.title).toBe(`Item ${i}`);
        expect(parsed.author!.length).toBeLessThanOrEqual(AUTHOR_LIMIT.maxChars);
      });
    },
    HOSTILE_TIMEOUT_MS,
  );

  test('a real author is kept whole, and a long one is cut at the author limit', () => {
    const authorOf = (author: string) => buildItem(item({ author }), {}, context).author;

    expect(authorOf('editor@example.org (Anna Petrova)')).toBe('Anna Petrova');
    // 40 × "Anna " is the limit; the cut drops the space it ends on.
    expect(authorOf(`${'Anna '.repeat(100)}<editor@example.org>`)).toBe('Anna '.repeat(40).trim());
  });
});

function rss(items: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Desk</title><link>https://example.org/</link>${items}</channel></rss>`;
}
