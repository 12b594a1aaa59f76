import { withoutCredentials } from './credentials.js';

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
      'mailto:a@b.example',
      'no url here',
    ])
      expect(withoutCredentials(plain)).toBe(plain);
  });
});
