import { createHash } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { feedBytes, feedMimeType } from '../../feedgen/src/index.js';
import { DEMO_OUTLETS, demoFeedPath, type DemoOutlet } from './demo-catalogue.js';
import { demoItems } from './demo-items.js';
import { listen, stopServer } from './local-server.js';

export interface ReplayServer {
  readonly origin: string;
  close(): Promise<void>;
}

interface Rendered {
  bytes: Buffer;
  gzipped: Buffer;
  etag: string;
  lastModified: string;
}

const BROKEN_HOME_PAGE = `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Вечерняя Москва (demo)</title></head>
<body><h1>Вечерняя Москва</h1><p>Лента новостей переехала.</p></body></html>
`;

/**
 * Serves the demo outlets' feeds on 127.0.0.1 as real sites do: ETag and Last-Modified with 304s,
 * gzip when asked, legacy charsets declared in the XML prolog and sometimes in Content-Type; and the
 * broken ones broken (an HTML page, a 500, a request that never gets an answer).
 */
export async function startReplayServer(
  port: number,
  now: () => Date = () => new Date(),
): Promise<ReplayServer> {
  const liveSince = now();
  const byPath = new Map(DEMO_OUTLETS.map((outlet) => [demoFeedPath(outlet), outlet]));
  const cache = new Map<string, { key: string; rendered: Rendered }>();

  const render = (outlet: DemoOutlet): Rendered => {
    const items = demoItems(outlet, now(), liveSince);
    const key = `${items.length}:${items[0]?.id}`;
    const cached = cache.get(outlet.slug);
    if (cached?.key === key) return cached.rendered;
    const bytes = feedBytes({
      outlet: { name: outlet.outlet, host: outlet.host },
      language: outlet.language,
      encoding: outlet.encoding,
      format: outlet.format,
      items,
      index: 0,
    });
    const rendered = {
      bytes,
      gzipped: zlib.gzipSync(bytes),
      etag: `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 20)}"`,
      lastModified: items[0].published.toUTCString(),
    };
    cache.set(outlet.slug, { key, rendered });
    return rendered;
  };

  const server = http.createServer((req, res) => {
    const outlet = byPath.get(new URL(req.url ?? '/', 'http://replay.local').pathname);
    if (!outlet) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
    switch (outlet.breakage) {
      case 'html-page':
        return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(BROKEN_HOME_PAGE);
      case 'server-error':
        return void res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error\n');
      case 'timeout':
        return; // say nothing: the fetcher's deadline ends it, close() drops the socket
    }
    serveFeed(req, res, outlet, render(outlet));
  });
  await listen(server, port);
  return { origin: `http://127.0.0.1:${port}`, close: () => stopServer(server) };
}

function serveFeed(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  outlet: DemoOutlet,
  feed: Rendered,
): void {
  const mime = feedMimeType(outlet.format);
  const headers: http.OutgoingHttpHeaders = {
    'Content-Type': outlet.charsetInHeader ? `${mime}; charset=${outlet.encoding}` : mime,
    ETag: feed.etag,
    'Last-Modified': feed.lastModified,
    'Cache-Control': 'max-age=30',
    Vary: 'Accept-Encoding',
  };
  if (notModified(req, feed)) return void res.writeHead(304, headers).end();
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? feed.gzipped : feed.bytes;
  if (gzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, { ...headers, 'Content-Length': body.length }).end(body);
}

// RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only counts without it.
function notModified(req: http.IncomingMessage, feed: Rendered): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim() === feed.etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && Date.parse(feed.lastModified) <= since;
}
