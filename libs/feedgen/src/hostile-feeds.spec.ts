import { FeedParseError, parseFeedText } from '../../feeds/src/index.js';
import { HOSTILE_FEEDS, ORDINARY_TITLES, wellFormedFeed } from './hostile-feeds.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const documents = [...HOSTILE_FEEDS, { id: 'well-formed', label: 'well-formed', generate: wellFormedFeed }];

describe('hostile feed documents', () => {
  test.each(documents.map((d) => [d.id, d.generate] as const))(
    '%s reaches the size asked for (±10%), the same text every time',
    (_id, generate) => {
      for (const bytes of [64 * KiB, 256 * KiB, MiB]) {
        const text = generate(bytes);
        expect(Buffer.byteLength(text) / bytes).toBeGreaterThanOrEqual(0.9);
        expect(Buffer.byteLength(text) / bytes).toBeLessThanOrEqual(1.1);
      }
      expect(generate(64 * KiB)).toBe(generate(64 * KiB));
    },
  );

  // No duration is asserted: each parse must finish with the ordinary items or a refusal that says why.
  test.each(HOSTILE_FEEDS.map((d) => [d.id, d.generate] as const))(
    '1 MiB of %s: the parser returns the ordinary items or refuses it with a FeedParseError',
    async (_id, generate) => {
      let titles: Array<string | null> | undefined;
      try {
        titles = (await parseFeedText(generate(MiB))).items.map((item) => item.title);
      } catch (error) {
        expect(error).toBeInstanceOf(FeedParseError);
        expect((error as Error).message).toMatch(/^[^\n]{10,}$/);
        return;
      }
      expect(titles).toEqual(expect.arrayContaining([...ORDINARY_TITLES]));
    },
    60_000,
  );

  test('the well-formed baseline parses to all its items', async () => {
    const text = wellFormedFeed(MiB);
    const items = (await parseFeedText(text)).items;
    expect(items.length).toBe(text.split('<item>').length - 1);
    expect(items.length).toBeGreaterThan(1000);
  });
});
