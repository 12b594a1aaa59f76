import { detectFormat } from './detect-format.js';

describe('detecting an export format from its first bytes', () => {
  it('tells each format by its shape', () => {
    expect(detectFormat('{"articles": [{"url": "https://a.example/"')).toBe('gdelt-doc');
    expect(detectFormat('\uFEFF {}')).toBe('gdelt-doc');
    expect(detectFormat('{"url": "https://a.example/", "title": "t"}\n{"url"')).toBe('jsonl');
    expect(detectFormat('20250508143000-T12\t20250508143000\t1\tria.ru\thttps://ria.ru/1')).toBe('gdelt-gkg');
    expect(detectFormat('id,indexed_date,language,media_name,media_url,publish_date,title,url\r\n')).toBe(
      'mediacloud-csv',
    );
    expect(detectFormat('stories_id,publish_date,title,url,language,media_id,media_name\n')).toBe(
      'mediacloud-csv',
    );
    expect(detectFormat('url,title,publishedAt\n')).toBe('csv');
    expect(detectFormat('link,headline,date\n', { mapped: true })).toBe('csv');
  });

  it('fails with one line naming what it expected', () => {
    expect(() => detectFormat('link,headline,date\n')).toThrow(
      /^cannot tell the format: expected JSON Lines/,
    );
    expect(() => detectFormat('Please limit requests to one every 5 seconds')).toThrow(/rate-limit message/);
  });
});
