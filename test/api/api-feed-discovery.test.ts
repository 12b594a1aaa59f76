import type { Queue } from 'bullmq';
import { QueueName } from '../../libs/queue/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { removeQueues, testQueue } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';
const SITE_PAGE = `<!doctype html><html><head><title>Eurasia Desk</title>
<link rel="alternate" type="application/rss+xml" title="World" href="/site/world.rss">
<link rel="alternate" type="application/atom+xml" title="Atom" href="/site/atom.xml">
</head><body></body></html>`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

describe('POST /api/v1/feeds with a site page: 300 with the candidates, then pick', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY });
  let server: FeedServer;
  let queue: Queue;

  beforeAll(async () => {
    server = await startFeedServer();
    server.serve('/site/', {
      body: SITE_PAGE,
      contentType: 'text/html',
      headers: {
        Link: '</site/comments.rss>; rel="alternate"; type="application/rss+xml"; title="Comments"',
      },
    });
    server.serve('/site/world.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
    server.serve('/bare/', {
      body: '<html><head></head><body>no feeds</body></html>',
      contentType: 'text/html',
    });
    queue = testQueue(api.config, QueueName.FeedPoll);
  });
  afterAll(async () => {
    await removeQueues(queue);
    await server.close();
  });

  const add = (body: unknown) =>
    fetch(`${api.base}/api/v1/feeds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
      body: JSON.stringify(body),
    });

  it('answers 300 Multiple Choices with the candidates, and registers nothing', async () => {
    const response = await add({ url: server.url('/site/'), outlet: 'Eurasia Desk' });
    expect(response.status).toBe(300);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json(response)).toEqual({
      detail: expect.stringMatching(/announces 3 feeds/),
      page: server.url('/site/'),
      candidates: [
        { pick: 1, url: server.url('/site/world.rss'), title: 'World', type: 'application/rss+xml' },
        { pick: 2, url: server.url('/site/atom.xml'), title: 'Atom', type: 'application/atom+xml' },
        { pick: 3, url: server.url('/site/comments.rss'), title: 'Comments', type: 'application/rss+xml' },
      ],
    });
    expect((await json(await fetch(`${api.base}/api/v1/feeds`))).feeds).toEqual([]);
  });

  it('registers the picked candidate; the same pick again is 409, already registered', async () => {
    const created = await add({ url: server.url('/site/'), outlet: 'Eurasia Desk', pick: 3 });
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({
      url: server.url('/site/comments.rss'),
      title: 'Comments',
      language: 'unknown',
    });
    const again = await add({ url: server.url('/site/'), outlet: 'Eurasia Desk', pick: 3 });
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toMatch(/already registered/);
  });

  it('says what is wrong: a pick past the candidates (400), a page without feeds (422)', async () => {
    const wrong = await add({ url: server.url('/site/'), outlet: 'Eurasia Desk', pick: 7 });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).detail).toMatch(/^body\.pick 7: .* pick one from 1 to 3/);
    const bare = await add({ url: server.url('/bare/'), outlet: 'Bare' });
    expect(bare.status).toBe(422);
    expect(bare.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await json(bare)).detail).toMatch(/announces no feed/);
  });
});
