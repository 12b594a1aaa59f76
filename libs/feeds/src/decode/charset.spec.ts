import iconv from 'iconv-lite';
import { decodeFeedBytes } from './charset.js';

const feed = (title: string, encoding?: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const RU = 'Россия и Китай подписали соглашение о поставках газа';
const ZH = '中俄关系 习近平会见普京';

describe('decodeFeedBytes', () => {
  test.each([
    ['windows-1251', RU],
    ['koi8-r', RU],
    ['gb18030', ZH],
  ])('decodes %s declared in the XML declaration', (encoding, title) => {
    const result = decodeFeedBytes(iconv.encode(feed(title, encoding), encoding));
    expect(result.text).toContain(title);
    expect(result).toMatchObject({ encoding, source: 'xml-declaration' });
  });

  test.each(['gb2312', 'gbk'])('decodes %s as GB18030, its superset', (label) => {
    const result = decodeFeedBytes(iconv.encode(feed(ZH, label), 'gbk'));
    expect(result.text).toContain(ZH);
    expect(result.encoding).toBe('gb18030');
  });

  test('the HTTP charset beats the XML declaration', () => {
    const bytes = iconv.encode(feed(RU, 'iso-8859-1'), 'koi8-r');
    expect(decodeFeedBytes(bytes, 'application/rss+xml; charset="KOI8-R"')).toMatchObject({
      encoding: 'koi8-r',
      source: 'http',
    });
    expect(decodeFeedBytes(bytes, 'application/rss+xml; charset="KOI8-R"').text).toContain(RU);
  });

  test.each(['utf-16le', 'utf-16be'])('decodes %s with and without a byte-order mark', (encoding) => {
    const text = feed(RU, 'utf-16');
    const bare = iconv.encode(text, encoding);
    const withBom = iconv.encode(text, encoding, { addBOM: true });
    expect(decodeFeedBytes(bare).text).toContain(RU);
    expect(decodeFeedBytes(withBom)).toMatchObject({ encoding, source: 'bom' });
    expect(decodeFeedBytes(withBom).text.startsWith('<?xml')).toBe(true);
  });

  test('a UTF-8 byte-order mark wins and is removed', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feed(RU))]);
    expect(decodeFeedBytes(bytes)).toMatchObject({ encoding: 'utf-8', source: 'bom' });
    expect(decodeFeedBytes(bytes).text.startsWith('<?xml')).toBe(true);
  });

  test('valid UTF-8 wins over a declared single-byte charset', () => {
    const result = decodeFeedBytes(Buffer.from(feed('Café', 'iso-8859-1')));
    expect(result.text).toContain('Café');
    expect(result.encoding).toBe('utf-8');
  });

  test.each([
    ['windows-1251', 'windows-1251'],
    ['koi8-r', 'koi8-r'],
  ])('undeclared, non-UTF-8 Russian text is recognised as %s', (encoding, expected) => {
    const result = decodeFeedBytes(iconv.encode(feed(RU), encoding));
    expect(result).toMatchObject({ encoding: expected, source: 'fallback' });
    expect(result.text).toContain(RU);
  });

  test('undeclared Latin text falls back to windows-1252', () => {
    const result = decodeFeedBytes(iconv.encode(feed('Crème brûlée – 5 €'), 'windows-1252'));
    expect(result).toMatchObject({ encoding: 'windows-1252', source: 'fallback' });
    expect(result.text).toContain('Crème brûlée – 5 €');
  });

  test('double-encoded UTF-8 is repaired', () => {
    // What a double encoder produces: each UTF-8 byte read as windows-1252 (bytes it leaves
    // undefined pass through as the same code point).
    const mojibake = [...Buffer.from(RU, 'utf8')]
      .map((b) => {
        const c = iconv.decode(Buffer.from([b]), 'windows-1252');
        return c === '\uFFFD' ? String.fromCharCode(b) : c;
      })
      .join('');
    expect(decodeFeedBytes(Buffer.from(feed(mojibake), 'utf8')).text).toContain(RU);
  });
});
