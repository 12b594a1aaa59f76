import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeneratedFeed } from './generate-feeds.js';

export interface FeedHost {
  url(feed: GeneratedFeed): string;
  close(): Promise<void>;
}

/**
 * Serves generated feeds on 127.0.0.1 (port 0). No ETag or Last-Modified, so a second poll downloads
 * and parses everything again and exercises the de-duplication path, not a 304.
 */
export async function startFeedHost(feeds: GeneratedFeed[]): Promise<FeedHost> {
  const byPath = new Map(feeds.map((feed) => [`/${feed.name}`, feed]));
  const server = http.createServer((req, res) => {
    const feed = byPath.get(req.url ?? '');
    if (!feed) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'Content-Type': feed.contentType, 'Content-Length': feed.bytes.length })
      .end(feed.bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (feed) => `${origin}/${feed.name}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
