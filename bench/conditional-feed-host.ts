import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What one path serves now. */
export interface HostedFeed {
  bytes: Buffer;
  contentType: string;
}

export interface ConditionalFeedHost {
  /** http://127.0.0.1:PORT/<path> */
  url(path: string): string;
  /** Serves `feed` at `path` from now on, with a new ETag and Last-Modified (now). */
  publish(path: string, feed: HostedFeed): void;
  /** Responses sent so far, by status (200, 304, 404). */
  readonly served: Map<number, number>;
  close(): Promise<void>;
}

interface Entry extends HostedFeed {
  etag: string;
  lastModified: string;
  modifiedMs: number;
}

/**
 * Serves feeds on 127.0.0.1 (port 0) the way a well-behaved feed server does: an ETag (a digest of the
 * bytes) and a Last-Modified on every 200, and a 304 to a conditional GET that matches. If-None-Match
 * wins over If-Modified-Since (RFC 9110 §13.2.2), so a feed changed within the same second still
 * answers 200 to a poller that sends both.
 */
export async function startConditionalFeedHost(): Promise<ConditionalFeedHost> {
  const entries = new Map<string, Entry>();
  const served = new Map<number, number>();
  const count = (status: number) => served.set(status, (served.get(status) ?? 0) + 1);
  const server = http.createServer((req, res) => {
    const entry = entries.get(req.url ?? '');
    if (!entry) {
      count(404);
      return void res.writeHead(404).end();
    }
    const validators = { ETag: entry.etag, 'Last-Modified': entry.lastModified };
    if (notModified(req, entry)) {
      count(304);
      return void res.writeHead(304, validators).end();
    }
    count(200);
    res
      .writeHead(200, {
        ...validators,
        'Content-Type': entry.contentType,
        'Content-Length': entry.bytes.length,
      })
      .end(entry.bytes);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${origin}/${path.replace(/^\//, '')}`,
    publish(path, feed) {
      const now = Date.now();
      const digest = createHash('sha1').update(feed.bytes).digest('base64url').slice(0, 16);
      entries.set(`/${path.replace(/^\//, '')}`, {
        ...feed,
        etag: `"${digest}"`,
        lastModified: new Date(now).toUTCString(),
        modifiedMs: now,
      });
    },
    served,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function notModified(req: http.IncomingMessage, entry: Entry): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch !== undefined)
    return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  // HTTP dates have whole seconds: modified in the second after `since` counts as modified.
  return Number.isFinite(since) && Math.floor(entry.modifiedMs / 1000) * 1000 <= since;
}
