import type { Queue } from 'bullmq';
import { QueueName } from '../../libs/queue/src/index.js';
import { apiOnItsOwnDatabase } from '../support/api-fixture.js';
import { removeQueues, testQueue } from '../support/worker-fixture.js';

const ADMIN_KEY = 'test-admin-key-0123456789';

// Inoreader's OPML 1.0 shape, declared ISO-8859-1 (as RSSOwl and older readers write it).
const INOREADER_LATIN1 = Buffer.from(
  `<?xml version="1.0" encoding="ISO-8859-1"?>
<opml version="1.0">
  <head><title>Subscriptions in Inoreader</title></head>
  <body>
    <outline text="Économie" title="Économie">
      <outline text="Caixin Global" title="Caixin Global" type="rss" xmlUrl="https://caixin.example.org/rss?cat=econ&page=1" htmlUrl="https://www.caixin.example.org/"/>
    </outline>
  </body>
</opml>`,
  'latin1',
);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const json = async (response: Response): Promise<any> => response.json();

describe('feed lists over the API: OPML in and out', () => {
  const api = apiOnItsOwnDatabase({ ADMIN_API_KEY: ADMIN_KEY });
  let queue: Queue;

  beforeAll(() => {
    queue = testQueue(api.config, QueueName.FeedPoll);
  });
  afterAll(async () => {
    await removeQueues(queue);
  });

  const post = (
    path: string,
    body: string | Buffer,
    contentType = 'text/x-opml',
    key: string | null = ADMIN_KEY,
  ) =>
    fetch(`${api.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body,
    });

  it('refuses an import without the admin key', async () => {
    const response = await post('/api/v1/feeds/import', INOREADER_LATIN1, 'text/xml', null);
    expect(response.status).toBe(401);
    expect((await json(await fetch(`${api.base}/api/v1/feeds`))).feeds).toEqual([]);
  });

  it('answers a dry run with the per-feed report and changes nothing', async () => {
    const response = await post(
      '/api/v1/feeds/import?dryRun=true&country=CN&language=en&kind=independent',
      INOREADER_LATIN1,
      'text/xml',
    );
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({
      feeds: [
        {
          url: 'https://caixin.example.org/rss?cat=econ&page=1',
          title: 'Caixin Global',
          category: 'Économie',
          status: 'would-add',
        },
      ],
    });
    expect((await json(await fetch(`${api.base}/api/v1/feeds`))).feeds).toEqual([]);
  });

  it('imports, then reports the same feeds as existing', async () => {
    const path = '/api/v1/feeds/import?country=CN&language=en&kind=independent';
    const added = await json(await post(path, INOREADER_LATIN1, 'application/octet-stream'));
    expect(added.feeds.map((f: { status: string }) => f.status)).toEqual(['added']);
    const feeds = (await json(await fetch(`${api.base}/api/v1/feeds`))).feeds;
    expect(feeds).toEqual([
      expect.objectContaining({
        url: 'https://caixin.example.org/rss?cat=econ&page=1',
        outlet: 'Caixin Global',
        country: 'CN',
        language: 'en',
        kind: 'independent',
        origin: 'api',
      }),
    ]);
    const again = await json(await post(path, INOREADER_LATIN1));
    expect(again.feeds.map((f: { status: string }) => f.status)).toEqual(['exists']);
  });

  it('decodes the body by the charset its content type names, as a fetched feed is', async () => {
    const undeclared = Buffer.from(
      '<opml version="1.0"><body><outline text="Économie" type="rss" xmlUrl="https://eco.example.org/rss"/></body></opml>',
      'latin1',
    );
    const response = await post(
      '/api/v1/feeds/import?dryRun=true',
      undeclared,
      'text/xml; charset=ISO-8859-1',
    );
    expect((await json(response)).feeds).toEqual([
      expect.objectContaining({ title: 'Économie', status: 'would-add' }),
    ]);
  });

  it('exports OPML 2.0 with stancewatch attributes, which imports as the same feeds', async () => {
    const response = await fetch(`${api.base}/api/v1/feeds/export?format=opml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    const opml = await response.text();
    expect(opml).toContain('<opml version="2.0" xmlns:stancewatch="https://stancewatch.dev/ns/opml/1">');
    expect(opml).toContain(
      'xmlUrl="https://caixin.example.org/rss?cat=econ&amp;page=1" stancewatch:outlet="Caixin Global" stancewatch:country="CN" stancewatch:language="en" stancewatch:kind="independent"',
    );
    const back = await json(await post('/api/v1/feeds/import?dryRun=true', opml));
    expect(back.feeds).toEqual([expect.objectContaining({ status: 'exists' })]);

    const asJson = await fetch(`${api.base}/api/v1/feeds/export?format=json`);
    expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await asJson.json()).toEqual([
      expect.objectContaining({ url: 'https://caixin.example.org/rss?cat=econ&page=1', kind: 'independent' }),
    ]);
  });

  it('answers 400 with one line for a body that is no feed list, or a wrong parameter', async () => {
    const html = await post('/api/v1/feeds/import', '<html><body>no</body></html>', 'text/html');
    expect(html.status).toBe(400);
    expect(html.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await json(html)).detail).toMatch(/^body: not OPML: the document's root element is <html>/);

    const empty = await post('/api/v1/feeds/import', '', 'text/x-opml');
    expect(empty.status).toBe(400);

    const badKind = await post('/api/v1/feeds/import?kind=tabloid', INOREADER_LATIN1);
    expect(badKind.status).toBe(400);
    expect((await json(badKind)).detail).toMatch(/query\.kind: expected one of state/);

    const badFormat = await fetch(`${api.base}/api/v1/feeds/export?format=xml`);
    expect(badFormat.status).toBe(400);
    expect((await json(badFormat)).detail).toMatch(/query\.format: expected opml or json/);
  });
});
