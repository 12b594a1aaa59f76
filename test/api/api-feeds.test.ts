import type { Queue } from 'bullmq';
import { QueueName, feedSchedulerId } from '../../libs/queue/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { testQueue, removeQueues } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

describe('feeds API', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY });
  let queue: Queue;

  beforeAll(async () => {
    queue = testQueue(api.config, QueueName.FeedPoll);
  });

  afterAll(async () => {
    await removeQueues(queue);
  });

  const call = (method: string, path: string, body?: unknown, key: string | null = ADMIN_KEY) =>
    fetch(`${api.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  // A reserved name (RFC 2606) that never resolves: adding a feed reads its URL first (discovery), and
  // tests reach nothing outside this machine.
  const feed = {
    url: 'https://tass.example/rss/v2.xml',
    outlet: 'TASS',
    country: 'RU',
    language: 'en',
    kind: 'state',
  };

  it('refuses changes without the admin key, as problem+json', async () => {
    const response = await call('POST', '/api/v1/feeds', feed, null);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = await json(response);
    expect(problem).toMatchObject({ status: 401 });
    expect(problem.detail).toMatch(/Authorization: Bearer/);
    expect((await call('POST', '/api/v1/feeds', feed, 'wrong-key-wrong-key')).status).toBe(401);
  });

  it('adds a feed, schedules it, lists it, and refuses the same URL twice', async () => {
    const created = await call('POST', '/api/v1/feeds', feed);
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({ url: feed.url, outlet: 'TASS', enabled: true, origin: 'api' });
    expect(await queue.getJobScheduler(feedSchedulerId(body.id))).toBeDefined();

    const list = await json(await call('GET', '/api/v1/feeds', undefined, null));
    expect(list.feeds.map((f: { url: string }) => f.url)).toContain(feed.url);

    const again = await call('POST', '/api/v1/feeds', feed);
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toMatch(/already registered/);
  });

  it('shows readers a feed URL without the credentials it is polled with', async () => {
    const url = 'https://reader:s3cret@private.example.org/rss.xml';
    const created = await call('POST', '/api/v1/feeds', { ...feed, url, outlet: 'Private' });
    expect(created.status).toBe(201);
    const { id, url: stored } = await json(created);
    expect(stored).toBe(url); // the admin who added it; polls use it as given

    const list = await (await call('GET', '/api/v1/feeds', undefined, null)).text();
    const detail = await (await call('GET', `/api/v1/feeds/${id}`, undefined, null)).text();
    for (const body of [list, detail]) {
      expect(body).toContain('"url":"https://***@private.example.org/rss.xml"');
      expect(body).not.toContain('s3cret');
    }
  });

  it('says which field is wrong and what it expects', async () => {
    const response = await call('POST', '/api/v1/feeds', { ...feed, url: 'ftp://x', kind: 'tabloid' });
    expect(response.status).toBe(400);
    const { detail } = await json(response);
    expect(detail).toMatch(/body\.url/);
    expect(detail).toMatch(/body\.kind/);
    const malformed = await call('POST', '/api/v1/feeds', '{"url": ');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await json(malformed))).not.toMatch(/at .*\.js:\d+/);
  });

  it('disables a feed (removing its scheduler) and queues a manual poll', async () => {
    const { feeds } = await json(await call('GET', '/api/v1/feeds'));
    const id = feeds[0].id;
    const disabled = await call('PATCH', `/api/v1/feeds/${id}`, { enabled: false });
    expect(disabled.status).toBe(200);
    expect((await json(disabled)).enabled).toBe(false);
    expect(await queue.getJobScheduler(feedSchedulerId(id))).toBeUndefined();

    const poll = await call('POST', `/api/v1/feeds/${id}/poll`);
    expect(poll.status).toBe(202);
    const { jobId } = await json(poll);
    const job = await queue.getJob(jobId);
    // The job carries the request's id into the worker's logs.
    expect(job?.data).toEqual({ feedId: id, trigger: 'manual', requestId: poll.headers.get('x-request-id') });

    // A scheduler made during a request is nobody's request: its polls carry no id.
    expect((await call('PATCH', `/api/v1/feeds/${id}`, { enabled: true })).status).toBe(200);
    const scheduler = await queue.getJobScheduler(feedSchedulerId(id));
    expect(scheduler?.template?.data).toEqual({ feedId: id, trigger: 'schedule' });

    expect((await call('GET', '/api/v1/feeds/999999')).status).toBe(404);
    expect((await call('GET', '/api/v1/feeds/abc')).status).toBe(400);
  });

  it('reports readiness of PostgreSQL and Redis', async () => {
    const response = await fetch(`${api.base}/readyz`);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ status: 'ok' });
    expect((await fetch(`${api.base}/healthz`)).status).toBe(200);
  });
});
