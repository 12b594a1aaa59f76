import net from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';
import { AddressGuard, assertPublicUrl, FetchError } from '../../libs/http/src/index.js';
import { fetchFeed, type FetchLimits, type FetchOutcome } from '../../libs/feeds/src/index.js';
import {
  FEED_ETAG,
  FEED_LAST_MODIFIED,
  GZIP_BOMB_EXPANDED_BYTES,
  HTML_PAGE,
  RSS_FEED,
  RU_FEED,
  STACKED_GZIP_LAYERS,
  gzipBomb,
  stackedGzip,
  startFeedServer,
  type FeedServer,
} from '../support/feed-server.js';

const MiB = 1024 * 1024;
const limits: FetchLimits = {
  connectTimeoutMs: 300,
  readTimeoutMs: 500,
  maxBodyBytes: 4 * MiB,
  maxRedirects: 5,
  userAgent: 'stancewatch-test/1.0 (+https://example.org/stancewatch)',
};
const loopbackAllowed = new AddressGuard(['127.0.0.0/8', '::1/128']);

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer({ slowDelayMs: 50 });
});
afterAll(async () => {
  await server.close();
});

async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error('expected the fetch to fail');
}

function fetched(outcome: FetchOutcome) {
  if (outcome.kind !== 'fetched') throw new Error(`expected a body, got ${outcome.kind}`);
  return outcome;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('fetchFeed: a healthy feed', () => {
  it('returns the body and validators, and asks for feeds politely', async () => {
    const outcome = fetched(await fetchFeed(server.url('/feed.rss'), null, limits, loopbackAllowed));

    expect(outcome.status).toBe(200);
    expect(outcome.body.toString('utf8')).toBe(RSS_FEED);
    expect(outcome.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(outcome.etag).toBe(FEED_ETAG);
    expect(outcome.lastModified).toBe(FEED_LAST_MODIFIED);
    expect(outcome.finalUrl).toBe(server.url('/feed.rss'));
    expect(outcome.redirects).toEqual([]);

    const [request] = server.requestsTo('/feed.rss').slice(-1);
    expect(request.headers['user-agent']).toBe(limits.userAgent);
    expect(request.headers.accept).toMatch(/^application\/rss\+xml, application\/atom\+xml/);
    expect(request.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(request.headers['if-none-match']).toBeUndefined();
    expect(request.headers['if-modified-since']).toBeUndefined();
  });

  it('sends If-None-Match and gets not-modified when the ETag still matches', async () => {
    const outcome = await fetchFeed(server.url('/feed.rss'), { etag: FEED_ETAG }, limits, loopbackAllowed);

    expect(outcome).toMatchObject({ kind: 'not-modified', status: 304, etag: FEED_ETAG });
    expect(server.requestsTo('/feed.rss').at(-1)!.headers['if-none-match']).toBe(FEED_ETAG);
  });

  it('sends If-Modified-Since and gets not-modified when nothing changed since', async () => {
    const outcome = await fetchFeed(
      server.url('/feed.rss'),
      { etag: null, lastModified: FEED_LAST_MODIFIED },
      limits,
      loopbackAllowed,
    );

    expect(outcome.kind).toBe('not-modified');
    expect(server.requestsTo('/feed.rss').at(-1)!.headers['if-modified-since']).toBe(FEED_LAST_MODIFIED);
  });

  it('downloads again when the stored ETag is stale', async () => {
    const outcome = await fetchFeed(server.url('/feed.rss'), { etag: '"old"' }, limits, loopbackAllowed);

    expect(fetched(outcome).body.toString()).toBe(RSS_FEED);
  });

  it('reports how long the server says the feed stays fresh', async () => {
    server.serve('/cached.rss', { body: RSS_FEED, headers: { 'Cache-Control': 'public, max-age=900' } });
    const now = new Date();
    server.serve('/expires.rss', {
      body: RSS_FEED,
      headers: { Date: now.toUTCString(), Expires: new Date(now.getTime() + 3_600_000).toUTCString() },
    });

    const cached = fetched(await fetchFeed(server.url('/cached.rss'), null, limits, loopbackAllowed));
    const expires = fetched(await fetchFeed(server.url('/expires.rss'), null, limits, loopbackAllowed));

    expect(cached.maxAgeSeconds).toBe(900);
    expect(expires.maxAgeSeconds).toBe(3600);
  });

  it.each(['/gzip', '/deflate', '/deflate-raw', '/br'])('decompresses %s', async (path) => {
    const outcome = fetched(await fetchFeed(server.url(path), null, limits, loopbackAllowed));

    expect(outcome.body.toString('utf8')).toBe(RSS_FEED);
  });

  it('keeps the bytes of a mislabelled windows-1251 feed untouched for the decoder', async () => {
    const outcome = fetched(await fetchFeed(server.url('/wrong-charset'), null, limits, loopbackAllowed));

    expect(outcome.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(outcome.body.equals(iconv.encode(RU_FEED, 'windows-1251'))).toBe(true);
  });

  it('returns an HTML page as fetched with its content type, for the parser to reject', async () => {
    const outcome = fetched(await fetchFeed(server.url('/html'), null, limits, loopbackAllowed));

    expect(outcome.contentType).toBe('text/html; charset=utf-8');
    expect(outcome.body.toString()).toBe(HTML_PAGE);
  });
});

describe('fetchFeed: redirects', () => {
  it('follows a chain of relative redirects and says where it ended', async () => {
    const outcome = fetched(await fetchFeed(server.url('/redirect/3'), null, limits, loopbackAllowed));

    expect(outcome.finalUrl).toBe(server.url('/redirect/0'));
    expect(outcome.redirects).toEqual([
      server.url('/redirect/3'),
      server.url('/redirect/2'),
      server.url('/redirect/1'),
    ]);
    expect(outcome.body.toString()).toBe(RSS_FEED);
  });

  it('follows exactly maxRedirects and refuses one more', async () => {
    const five = fetched(await fetchFeed(server.url('/redirect/5'), null, limits, loopbackAllowed));
    expect(five.redirects).toHaveLength(5);
    const arrivals = server.requestsTo('/redirect/0').length;

    const err = await fetchError(fetchFeed(server.url('/redirect/6'), null, limits, loopbackAllowed));
    expect(err.kind).toBe('too-many-redirects');
    expect(err.url).toBe(server.url('/redirect/6'));
    expect(server.requestsTo('/redirect/0')).toHaveLength(arrivals); // gave up before the end of the chain
  });

  it('detects a redirect loop', async () => {
    const err = await fetchError(fetchFeed(server.url('/loop'), null, limits, loopbackAllowed));

    expect(err.kind).toBe('redirect-loop');
    expect(err.message).toContain('/loop/again');
  });

  it('refuses a redirect to a private address without connecting', async () => {
    const err = await fetchError(fetchFeed(server.url('/redirect-private'), null, limits, loopbackAllowed));

    expect(err.kind).toBe('blocked-address');
    expect(err.url).toBe(server.url('/redirect-private'));
    expect(err.message).toBe(
      'http://10.0.0.1/feed.xml: address 10.0.0.1 (private); set FEED_ALLOW_CIDRS to allow it' +
        ` (redirected from ${server.url('/redirect-private')})`,
    );
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const err = await fetchError(
      fetchFeed(server.url('/redirect-private/metadata'), null, limits, loopbackAllowed),
    );

    expect(err.kind).toBe('blocked-address');
    expect(err.message).toContain('169.254.169.254 (cloud metadata)');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    server.serve('/to-file', { body: '', status: 302, headers: { Location: 'file:///etc/passwd' } });

    const err = await fetchError(fetchFeed(server.url('/to-file'), null, limits, loopbackAllowed));

    expect(err.kind).toBe('bad-url');
    expect(err.message).toContain('file:///etc/passwd');
  });
});

describe('fetchFeed: servers that fail', () => {
  it('reports a 500 with its status', async () => {
    const err = await fetchError(fetchFeed(server.url('/500'), null, limits, loopbackAllowed));

    expect(err).toMatchObject({ kind: 'http-status', status: 500 });
    expect(err.retryAfterSeconds).toBeUndefined();
  });

  it('reports a 429 with its Retry-After in seconds', async () => {
    const err = await fetchError(fetchFeed(server.url('/429'), null, limits, loopbackAllowed));

    expect(err).toMatchObject({ kind: 'http-status', status: 429, retryAfterSeconds: 7 });
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const err = await fetchError(fetchFeed(server.url('/503'), null, limits, loopbackAllowed));

    expect(err.status).toBe(503);
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(28);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(31);
  });

  it('does not take a 304 for an answer to an unconditional request', async () => {
    const err = await fetchError(fetchFeed(server.url('/304-always'), null, limits, loopbackAllowed));
    expect(err).toMatchObject({ kind: 'http-status', status: 304 });

    const conditional = await fetchFeed(server.url('/304-always'), { etag: '"x"' }, limits, loopbackAllowed);
    expect(conditional.kind).toBe('not-modified');
  });

  it('cuts off a server that never answers after the read timeout', async () => {
    const { value: err, ms } = await timed(() =>
      fetchError(fetchFeed(server.url('/hang'), null, limits, loopbackAllowed)),
    );

    expect(err.kind).toBe('timeout');
    expect(err.message).toContain(`no data for ${limits.readTimeoutMs} ms`);
    expect(ms).toBeGreaterThanOrEqual(limits.readTimeoutMs - 20);
    expect(ms).toBeLessThan(limits.readTimeoutMs + 1000);
  });

  it('cuts off a server trickling a byte every 50 ms at the overall deadline', async () => {
    const { value: err, ms } = await timed(() =>
      fetchError(fetchFeed(server.url('/slow'), null, limits, loopbackAllowed)),
    );

    const deadline = limits.connectTimeoutMs + limits.readTimeoutMs;
    expect(err.kind).toBe('timeout');
    expect(err.message).toContain('deadline');
    expect(ms).toBeGreaterThanOrEqual(deadline - 20);
    expect(ms).toBeLessThan(deadline + 1000);
  });

  it('cuts off a DNS lookup that never answers at the connect timeout', async () => {
    const silentDns = new AddressGuard([], () => new Promise(() => {}));

    const { value: err, ms } = await timed(() =>
      fetchError(fetchFeed('http://feeds.example.test/feed.rss', null, limits, silentDns)),
    );

    expect(err.kind).toBe('timeout');
    expect(err.message).toContain(`could not connect within ${limits.connectTimeoutMs} ms`);
    expect(ms).toBeLessThan(limits.connectTimeoutMs + 1000);
  });

  it('reports a refused connection as a network failure', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as net.AddressInfo;
    await new Promise((resolve) => closed.close(resolve));

    const err = await fetchError(
      fetchFeed(`http://127.0.0.1:${port}/feed.rss`, null, limits, loopbackAllowed),
    );

    expect(err.kind).toBe('network');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('reports a truncated gzip body and an unknown encoding as decompression failures', async () => {
    const gzipped = zlib.gzipSync(RSS_FEED);
    server.serve('/truncated.gz', {
      body: gzipped.subarray(0, gzipped.length - 40),
      headers: { 'Content-Encoding': 'gzip' },
    });
    server.serve('/compress.Z', { body: 'xx', headers: { 'Content-Encoding': 'compress' } });

    const truncated = await fetchError(fetchFeed(server.url('/truncated.gz'), null, limits, loopbackAllowed));
    const unknown = await fetchError(fetchFeed(server.url('/compress.Z'), null, limits, loopbackAllowed));

    expect(truncated.kind).toBe('decompression');
    expect(unknown.kind).toBe('decompression');
    expect(unknown.message).toContain('"compress"');
  });
});

describe('fetchFeed: stacked Content-Encoding', () => {
  it('decodes two stacked codings, the most a body may carry', async () => {
    server.serve('/gzip-gzip', {
      body: zlib.gzipSync(zlib.gzipSync(RSS_FEED)),
      headers: { 'Content-Encoding': 'gzip, gzip' },
    });
    server.serve('/gzip-br', {
      body: zlib.brotliCompressSync(zlib.gzipSync(RSS_FEED)),
      headers: { 'Content-Encoding': 'gzip, br' },
    });

    for (const path of ['/gzip-gzip', '/gzip-br', '/gzip-stacked?n=2']) {
      const outcome = fetched(await fetchFeed(server.url(path), null, limits, loopbackAllowed));
      expect({ path, body: outcome.body.toString('utf8') }).toEqual({ path, body: RSS_FEED });
    }
  });

  it.each([3, STACKED_GZIP_LAYERS])(
    'refuses %d stacked codings without decoding any, as a decompression failure',
    async (layers) => {
      stackedGzip(layers); // made before fetching, so the server answers within the test's short deadlines
      const url = server.url(`/gzip-stacked?n=${layers}`);
      const err = await fetchError(fetchFeed(url, null, limits, loopbackAllowed));

      expect(err.kind).toBe('decompression');
      expect(err.message).toBe(`${url}: Content-Encoding stacks ${layers} codings; at most 2 are decoded`);
    },
    60_000,
  );
});

describe('fetchFeed: size limits', () => {
  it('refuses a 20 MiB body from its Content-Length before reading it', async () => {
    const err = await fetchError(fetchFeed(server.url('/oversized'), null, limits, loopbackAllowed));

    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('Content-Length says 20 MiB');
  });

  it('stops a 20 MiB body without Content-Length once the wire limit is passed', async () => {
    const err = await fetchError(fetchFeed(server.url('/oversized?chunked'), null, limits, loopbackAllowed));

    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('4 MiB limit on the wire');
  });

  it('stops a gzip bomb at the limit without inflating it in memory', async () => {
    const compressed = await gzipBomb(); // generated before measuring, so only the fetch is measured
    expect(compressed.length).toBeLessThan(limits.maxBodyBytes); // the wire limit alone would not catch it
    global.gc?.();
    const before = process.memoryUsage();

    const { value: err, ms } = await timed(() =>
      fetchError(fetchFeed(server.url('/gzip-bomb'), null, limits, loopbackAllowed)),
    );

    const after = process.memoryUsage();
    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('after decompressing (gzip)');
    const growth = after.rss - before.rss;
    expect(growth).toBeLessThan(GZIP_BOMB_EXPANDED_BYTES / 8); // < 137 MiB for a 1.1 GiB bomb
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * MiB);
    expect(ms).toBeLessThan(5000);
  });
});

describe('fetchFeed: address guard', () => {
  const noAllowList = new AddressGuard([]);

  it('refuses a literal loopback address before sending anything', async () => {
    const before = server.requests.length;

    const err = await fetchError(fetchFeed(server.url('/feed.rss'), null, limits, noAllowList));

    expect(err.kind).toBe('blocked-address');
    expect(err.message).toContain('address 127.0.0.1 (loopback); set FEED_ALLOW_CIDRS to allow it');
    expect(server.requests.length).toBe(before);
  });

  it('refuses a host name that resolves to loopback, at connection time', async () => {
    const before = server.requests.length;
    const url = server.url('/feed.rss').replace('127.0.0.1', 'localhost');

    const err = await fetchError(fetchFeed(url, null, limits, noAllowList));

    expect(err.kind).toBe('blocked-address');
    expect(err.url).toBe(url);
    expect(err.message).toMatch(
      /: localhost resolves to a private address \(loopback\); set FEED_ALLOW_CIDRS to allow it$/,
    );
    expect(err.message).not.toMatch(/127\.0\.0\.1|::1/);
    expect(server.requests.length).toBe(before);
  });

  it('is not fooled by DNS that rebinds to loopback after the URL was checked', async () => {
    let lookups = 0;
    const rebinding = new AddressGuard([], async () => {
      lookups += 1;
      return [{ address: lookups === 1 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
    });
    const port = new URL(server.origin).port;
    const url = `http://feeds.rebind.test:${port}/feed.rss`;
    const before = server.requests.length;

    await expect(assertPublicUrl(url, rebinding)).resolves.toBeUndefined();
    const err = await fetchError(fetchFeed(url, null, limits, rebinding));

    expect(err.kind).toBe('blocked-address');
    expect(err.message).toContain('feeds.rebind.test resolves to a private address (loopback)');
    expect(err.message).not.toContain('127.0.0.1');
    expect(server.requests.length).toBe(before);
  });

  it.each(['ftp://example.org/feed.xml', 'file:///etc/passwd', 'not a url'])(
    'refuses %s as a bad URL',
    async (url) => {
      const err = await fetchError(fetchFeed(url, null, limits, loopbackAllowed));

      expect(err.kind).toBe('bad-url');
    },
  );
});
