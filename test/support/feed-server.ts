/**
 * A real HTTP server on 127.0.0.1 (port 0) serving feeds and misbehaving on purpose, for integration tests.
 *
 * Built-in routes:
 *   /feed.rss, /feed.atom        small real-looking feeds (RSS_FEED, ATOM_FEED) with ETag and Last-Modified
 *   /gzip /deflate /deflate-raw /br   RSS_FEED with that Content-Encoding ("deflate-raw" is the common server bug)
 *   /slow[?delay=ms]             RSS_FEED trickled one byte per delay (default options.slowDelayMs = 100 ms)
 *   /hang                        accepts the request and never answers
 *   /500, /429 (Retry-After: 7), /503 (Retry-After as an HTTP date 30 s ahead)
 *   /304-always                  answers 304 even to an unconditional request
 *   /redirect/N                  a chain of N relative redirects (301, 302, 307, 308 in turn) ending at RSS_FEED
 *   /loop                        /loop → /loop/again → /loop
 *   /oversized[?chunked][&mib=N] 20 MiB (or N MiB) of RSS items, with Content-Length (or chunked, to hit the wire limit)
 *   /gzip-bomb                   Content-Encoding: gzip, ~1.1 MB on the wire expanding to 1.1 GiB
 *   /gzip-stacked?n=N            RSS_FEED gzipped N times (default 3,000), with N codings in Content-Encoding
 *   /wrong-charset               windows-1251 bytes (declared so in the XML prolog) served as charset=utf-8:
 *                                the realistic case of a web server default header over a legacy Russian CMS
 *   /html                        a site's HTML home page instead of its feed
 *   /redirect-private            302 to http://10.0.0.1/feed.xml
 *   /redirect-private/metadata   302 to http://169.254.169.254/latest/meta-data/
 * Routes added with serve(path, route) take precedence and answer 304 when the conditional headers match.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

export interface FeedRoute {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
  etag?: string;
  lastModified?: string;
}

export interface LoggedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  at: Date;
}

export interface FeedServerOptions {
  /** Delay between bytes on /slow (overridable per request with ?delay=ms). */
  slowDelayMs?: number;
}

export interface FeedServer {
  readonly origin: string;
  readonly requests: LoggedRequest[];
  url(path: string): string;
  serve(path: string, route: FeedRoute): void;
  /** Requests whose path (without the query) is `path`. */
  requestsTo(path: string): LoggedRequest[];
  close(): Promise<void>;
}

export const RSS_FEED = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Eurasia Desk — Russia and China</title>
    <link>https://eurasia-desk.example.org/russia-china</link>
    <description>Reporting on relations between Moscow and Beijing</description>
    <language>en</language>
    <ttl>60</ttl>
    <atom:link href="https://eurasia-desk.example.org/russia-china/feed.rss" rel="self" type="application/rss+xml"/>
    <item>
      <title>Putin and Xi sign joint statement on deepening "comprehensive partnership"</title>
      <link>https://eurasia-desk.example.org/2025/05/08/putin-xi-joint-statement</link>
      <guid isPermaLink="false">eurasia-desk-48211</guid>
      <pubDate>Thu, 08 May 2025 14:20:00 GMT</pubDate>
      <description>The leaders pledged closer coordination at the UN and more trade settled in yuan and roubles.</description>
    </item>
    <item>
      <title>Power of Siberia 2 talks stall over gas price, officials say</title>
      <link>https://eurasia-desk.example.org/2025/05/07/power-of-siberia-2-price</link>
      <guid isPermaLink="false">eurasia-desk-48190</guid>
      <pubDate>Wed, 07 May 2025 09:05:00 GMT</pubDate>
      <description>Beijing is pressing Gazprom for domestic Russian prices, according to two people familiar with the talks.</description>
    </item>
    <item>
      <title>Chinese banks tighten checks on Russian payments after new sanctions</title>
      <link>https://eurasia-desk.example.org/2025/05/06/chinese-banks-russian-payments</link>
      <guid isPermaLink="false">eurasia-desk-48167</guid>
      <pubDate>Tue, 06 May 2025 17:45:00 GMT</pubDate>
      <description>Exporters in Moscow report delays of several weeks as regional lenders in China review transfers.</description>
    </item>
  </channel>
</rss>
`;

export const ATOM_FEED = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Northern Dragon Review</title>
  <subtitle>Analysis of the Sino-Russian relationship</subtitle>
  <link href="https://ndr.example.net/"/>
  <link rel="self" href="https://ndr.example.net/atom.xml"/>
  <id>tag:ndr.example.net,2019:feed</id>
  <updated>2025-05-08T10:00:00Z</updated>
  <entry>
    <title>A "no limits" partnership, with limits: what the SCO summit showed</title>
    <link href="https://ndr.example.net/2025/05/sco-summit-limits"/>
    <id>tag:ndr.example.net,2025:sco-summit-limits</id>
    <updated>2025-05-08T10:00:00Z</updated>
    <author><name>Mei Lin</name></author>
    <summary>Moscow wanted a security declaration; Beijing wanted a trade agenda. Neither got all it asked for.</summary>
  </entry>
  <entry>
    <title>Lavrov in Beijing: cooperation on Arctic shipping back on the table</title>
    <link href="https://ndr.example.net/2025/05/lavrov-beijing-arctic"/>
    <id>tag:ndr.example.net,2025:lavrov-beijing-arctic</id>
    <updated>2025-05-05T08:30:00Z</updated>
    <author><name>Pavel Orlov</name></author>
    <summary>The Russian foreign minister and Wang Yi discussed the Northern Sea Route and joint port projects.</summary>
  </entry>
</feed>
`;

/** The Russian feed behind /wrong-charset, before it is encoded as windows-1251. */
export const RU_FEED = `<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0">
  <channel>
    <title>Восточный вестник</title>
    <link>https://vostok-vestnik.example.ru/</link>
    <description>Новости российско-китайских отношений</description>
    <item>
      <title>Россия и Китай договорились расширить расчёты в национальных валютах</title>
      <link>https://vostok-vestnik.example.ru/news/2025/05/08/raschety</link>
      <guid>https://vostok-vestnik.example.ru/news/2025/05/08/raschety</guid>
      <pubDate>Thu, 08 May 2025 12:00:00 +0300</pubDate>
      <description>Москва и Пекин обсудили переход на рубли и юани во взаимной торговле.</description>
    </item>
  </channel>
</rss>
`;

export const HTML_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Eurasia Desk</title>
<link rel="alternate" type="application/rss+xml" title="Russia and China" href="/feed.rss">
</head><body><h1>Eurasia Desk</h1><p>Latest: Putin and Xi sign joint statement.</p></body></html>
`;

export const FEED_ETAG = '"rss-48211"';
export const FEED_LAST_MODIFIED = 'Thu, 08 May 2025 14:20:00 GMT';
export const OVERSIZED_BYTES = 20 * 1024 * 1024;
export const GZIP_BOMB_EXPANDED_BYTES = 1100 * 1024 * 1024;
/** The layers of /gzip-stacked: "gzip," 3,000 times is 15 KB, inside Node's 16 KiB header limit. */
export const STACKED_GZIP_LAYERS = 3_000;

const RSS = 'application/rss+xml; charset=utf-8';

export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const requests: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const slowDelayMs = options.slowDelayMs ?? 100;

  routes.set('/feed.rss', {
    body: RSS_FEED,
    contentType: RSS,
    etag: FEED_ETAG,
    lastModified: FEED_LAST_MODIFIED,
  });
  routes.set('/feed.atom', { body: ATOM_FEED, contentType: 'application/atom+xml; charset=utf-8' });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://feed-server.local');
    requests.push({ path: req.url ?? '/', headers: req.headers, at: new Date() });
    const route = routes.get(url.pathname);
    if (route) return serveRoute(req, res, route);
    handleBuiltIn(url, res, { slowDelayMs, timers }).catch((err: Error) => {
      res.destroy(err);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    requests,
    url: (path) => origin + (path.startsWith('/') ? path : `/${path}`),
    serve: (path, route) => void routes.set(path, route),
    requestsTo: (path) => requests.filter((r) => r.path.split('?')[0] === path),
    close: async () => {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface BuiltInContext {
  slowDelayMs: number;
  timers: Set<NodeJS.Timeout>;
}

async function handleBuiltIn(url: URL, res: http.ServerResponse, ctx: BuiltInContext): Promise<void> {
  const path = url.pathname;
  const redirect = /^\/redirect\/(\d+)$/.exec(path);
  if (redirect) return redirectChain(res, Number(redirect[1]));

  switch (path) {
    case '/gzip':
      return send(res, 200, RSS, zlib.gzipSync(RSS_FEED), { 'Content-Encoding': 'gzip' });
    case '/deflate':
      return send(res, 200, RSS, zlib.deflateSync(RSS_FEED), { 'Content-Encoding': 'deflate' });
    case '/deflate-raw':
      return send(res, 200, RSS, zlib.deflateRawSync(RSS_FEED), { 'Content-Encoding': 'deflate' });
    case '/br':
      return send(res, 200, RSS, zlib.brotliCompressSync(RSS_FEED), { 'Content-Encoding': 'br' });
    case '/slow':
      return trickle(
        res,
        Buffer.from(RSS_FEED),
        Number(url.searchParams.get('delay') ?? ctx.slowDelayMs),
        ctx,
      );
    case '/hang':
      return; // keep the socket open and say nothing; close() tears it down
    case '/500':
      return send(res, 500, 'text/plain', 'Internal Server Error\n');
    case '/429':
      return send(res, 429, 'text/plain', 'Too Many Requests\n', { 'Retry-After': '7' });
    case '/503':
      return send(res, 503, 'text/plain', 'Service Unavailable\n', {
        'Retry-After': new Date(Date.now() + 30_000).toUTCString(),
      });
    case '/304-always':
      res.writeHead(304, { ETag: FEED_ETAG }).end();
      return;
    case '/loop':
      return send(res, 302, 'text/plain', '', { Location: '/loop/again' });
    case '/loop/again':
      return send(res, 302, 'text/plain', '', { Location: '/loop' });
    case '/oversized':
      return streamOversized(
        res,
        url.searchParams.has('chunked'),
        Number(url.searchParams.get('mib') ?? 0) * 1024 * 1024 || OVERSIZED_BYTES,
      );
    case '/gzip-stacked': {
      const layers = Number(url.searchParams.get('n') ?? STACKED_GZIP_LAYERS);
      return send(res, 200, RSS, stackedGzip(layers), {
        'Content-Encoding': Array.from({ length: layers }, () => 'gzip').join(','),
      });
    }
    case '/gzip-bomb':
      return send(res, 200, RSS, await gzipBomb(), { 'Content-Encoding': 'gzip' });
    case '/wrong-charset':
      return send(res, 200, 'application/rss+xml; charset=utf-8', iconv.encode(RU_FEED, 'windows-1251'));
    case '/html':
      return send(res, 200, 'text/html; charset=utf-8', HTML_PAGE);
    case '/redirect-private':
      return send(res, 302, 'text/plain', '', { Location: 'http://10.0.0.1/feed.xml' });
    case '/redirect-private/metadata':
      return send(res, 302, 'text/plain', '', { Location: 'http://169.254.169.254/latest/meta-data/' });
    default:
      return send(res, 404, 'text/plain', 'Not Found\n');
  }
}

function serveRoute(req: http.IncomingMessage, res: http.ServerResponse, route: FeedRoute): void {
  const headers: Record<string, string> = { ...route.headers };
  if (route.etag) headers.ETag = route.etag;
  if (route.lastModified) headers['Last-Modified'] = route.lastModified;
  if (isNotModified(req, route)) {
    res.writeHead(304, headers).end();
    return;
  }
  send(res, route.status ?? 200, route.contentType ?? RSS, route.body, headers);
}

// RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only counts when there is no If-None-Match.
function isNotModified(req: http.IncomingMessage, route: FeedRoute): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!route.etag) return false;
    const weak = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || weak(tag) === weak(route.etag!));
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  const modified = Date.parse(route.lastModified ?? '');
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function send(
  res: http.ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

function redirectChain(res: http.ServerResponse, remaining: number): void {
  if (remaining <= 0) {
    send(res, 200, RSS, RSS_FEED);
    return;
  }
  const statuses = [301, 302, 307, 308];
  send(res, statuses[remaining % statuses.length], 'text/plain', '', { Location: `${remaining - 1}` });
}

function trickle(res: http.ServerResponse, body: Buffer, delayMs: number, ctx: BuiltInContext): void {
  res.writeHead(200, { 'Content-Type': RSS });
  let offset = 0;
  const next = () => {
    if (res.destroyed) return;
    if (offset >= body.length) {
      res.end();
      return;
    }
    res.write(body.subarray(offset, ++offset));
    const timer = setTimeout(() => {
      ctx.timers.delete(timer);
      next();
    }, delayMs);
    ctx.timers.add(timer);
  };
  next();
}

function streamOversized(res: http.ServerResponse, chunked: boolean, bytes: number): void {
  const item = Buffer.from(
    '<item><title>Russia and China expand yuan-rouble settlement</title><description>' +
      'x'.repeat(900) +
      '</description></item>\n',
  );
  const block = Buffer.concat(Array.from({ length: 64 }, () => item));
  const headers: http.OutgoingHttpHeaders = { 'Content-Type': RSS };
  if (!chunked) headers['Content-Length'] = bytes;
  res.writeHead(200, headers);
  let sent = 0;
  const write = () => {
    while (sent < bytes && !res.destroyed) {
      const piece = block.subarray(0, Math.min(block.length, bytes - sent));
      sent += piece.length;
      if (!res.write(piece)) return void res.once('drain', write);
    }
    if (!res.destroyed) res.end();
  };
  write();
}

const stackedBodies = new Map<number, Buffer>();

/** RSS_FEED gzipped `layers` times, made once per count (3,000 layers take about a second). */
export function stackedGzip(layers: number): Buffer {
  let bytes = stackedBodies.get(layers);
  if (!bytes) {
    bytes = Buffer.from(RSS_FEED);
    for (let i = 0; i < layers; i++) bytes = zlib.gzipSync(bytes);
    stackedBodies.set(layers, bytes);
  }
  return bytes;
}

let bombBytes: Promise<Buffer> | null = null;

/** Compressed once, lazily, from a stream of blanks: 1.1 GiB never exists in memory, only ~1.1 MB of gzip. */
export function gzipBomb(): Promise<Buffer> {
  bombBytes ??= new Promise<Buffer>((resolve, reject) => {
    const gzip = zlib.createGzip({ level: 9, chunkSize: 64 * 1024 });
    const out: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => out.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    const prolog = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>');
    const blanks = Buffer.alloc(1024 * 1024, ' ');
    let written = 0;
    const write = () => {
      while (written < GZIP_BOMB_EXPANDED_BYTES) {
        const piece = written === 0 ? Buffer.concat([prolog, blanks.subarray(prolog.length)]) : blanks;
        written += piece.length;
        if (!gzip.write(piece)) return void gzip.once('drain', write);
      }
      gzip.end();
    };
    write();
  });
  return bombBytes;
}
