import { urlWithoutCredentials, withoutCredentials } from './credentials.js';

describe('withoutCredentials', () => {
  it('hides the user and password of every http(s) URL in a text, and nothing else', () => {
    expect(withoutCredentials('https://reader:s3cret@feeds.example.org/rss?x=1')).toBe(
      'https://***@feeds.example.org/rss?x=1',
    );
    expect(withoutCredentials('HTTP://token@feeds.example.org/a: HTTP 401; see http://u:p@x.example/b')).toBe(
      'HTTP://***@feeds.example.org/a: HTTP 401; see http://***@x.example/b',
    );
    for (const plain of [
      'https://feeds.example.org/rss?mail=a@b.example',
      'https://feeds.example.org/a@b/c',
      'https://feeds.example.org: ask admin@example.org',
      'mailto:a@b.example',
      'no url here',
    ])
      expect(withoutCredentials(plain)).toBe(plain);
  });

  it('hides a password holding an @ whole, and the userinfo of any scheme', () => {
    expect(withoutCredentials('https://reader:p@ss@feeds.example.org/rss: HTTP 500')).toBe(
      'https://***@feeds.example.org/rss: HTTP 500',
    );
    expect(withoutCredentials('redirects to ftp://u:hunter2@files.example/x: only http')).toBe(
      'redirects to ftp://***@files.example/x: only http',
    );
  });

  it('hides the credentials of a URL quoted as given, which no pattern can find', () => {
    const url = 'https://reader:two words@feeds.example.org/rss';
    expect(withoutCredentials(`${url}: redirect loop (${new URL(url).href} → x)`, [url])).toBe(
      'https://***@feeds.example.org/rss: redirect loop (https://***@feeds.example.org/rss → x)',
    );
  });
});

describe('urlWithoutCredentials', () => {
  it('keeps everything of the URL but its user and password', () => {
    expect(urlWithoutCredentials('https://reader:s3cret@feeds.example.org:8443/rss?x=1#top')).toBe(
      'https://***@feeds.example.org:8443/rss?x=1#top',
    );
    expect(urlWithoutCredentials('https://reader:two words@x@feeds.example.org/rss')).toBe(
      'https://***@feeds.example.org/rss',
    );
    expect(urlWithoutCredentials('https://token@feeds.example.org/rss')).toBe(
      'https://***@feeds.example.org/rss',
    );
    expect(urlWithoutCredentials('https://feeds.example.org/rss?a=b@c')).toBe(
      'https://feeds.example.org/rss?a=b@c',
    );
  });
});
