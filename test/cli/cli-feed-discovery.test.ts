import { RSS_FEED, startFeedServer, type FeedServer } from '../support/feed-server.js';
import { QueueName } from '../../libs/queue/src/index.js';
import { stancewatch } from '../support/run-cli.js';
import { removeQueuesAt } from '../support/worker-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A news site's front page as sites write it: several alternates in <head> (RSS, Atom, JSON Feed,
// one relative to <base>), the WordPress REST link that is no feed, and a feed in the Link header.
const SITE_PAGE = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8"><title>Eurasia Desk</title>
<base href="/site/">
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Eurasia Desk &raquo; World" href="world.rss">
<link rel="alternate" type="application/atom+xml" title="Eurasia Desk &raquo; Atom" href="/site/atom.xml">
<link rel="alternate" type="application/feed+json" title="Eurasia Desk JSON Feed" href="/site/feed.json">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/pages/2">
</head><body><h1>Eurasia Desk</h1></body></html>`;
const ONE_FEED_PAGE = `<!doctype html><html><head><title>Vostok</title>
<link rel="alternate" type="application/rss+xml" title="Vostok" href="/one/feed.rss"></head><body></body></html>`;
const NO_FEED_PAGE = `<!doctype html><html><head><title>About</title></head><body>Nothing to follow</body></html>`;

describe('stancewatch feeds add with a site page: discovery', () => {
  let server: FeedServer;
  let target: TestDatabase;
  const env = () => ({ DATABASE_URL: target.url, QUEUE_PREFIX: `swdisc${process.pid}` });
  const urls = async () =>
    (await stancewatch(['feeds', 'list', '--json'], env())).stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { url: string }).url);

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
    server.serve('/site/', {
      body: SITE_PAGE,
      contentType: 'text/html; charset=utf-8',
      headers: {
        Link: '</site/comments.rss>; rel="alternate"; type="application/rss+xml"; title="Comments", </about>; rel="author"',
      },
    });
    server.serve('/site/world.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
    server.serve('/one/', { body: ONE_FEED_PAGE, contentType: 'text/html' });
    server.serve('/one/feed.rss', { body: RSS_FEED, contentType: 'application/rss+xml' });
    server.serve('/none/', { body: NO_FEED_PAGE, contentType: 'text/html' });
  });

  afterAll(async () => {
    await target.drop();
    await server.close();
    // The schedulers the additions made.
    await removeQueuesAt(
      { redisUrl: 'redis://127.0.0.1:6379', queuePrefix: `swdisc${process.pid}` },
      QueueName.FeedPoll,
    );
  });

  it('adds the only feed a page announces', async () => {
    const run = await stancewatch(
      ['feeds', 'add', server.url('/one/'), '--outlet', 'Vostok', '--json'],
      env(),
    );
    expect(run).toMatchObject({ code: 0 });
    expect(JSON.parse(run.stdout)).toMatchObject({
      url: server.url('/one/feed.rss'),
      title: 'Vostok',
      outlet: 'Vostok',
    });
  });

  it('lists several candidates and exits 2 until --pick chooses one', async () => {
    const before = await urls();
    const run = await stancewatch(['feeds', 'add', server.url('/site/'), '--outlet', 'Eurasia Desk'], env());
    expect(run).toMatchObject({ code: 2 });
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `  --pick 1  ${server.url('/site/world.rss')}  application/rss+xml  Eurasia Desk » World`,
      `  --pick 2  ${server.url('/site/atom.xml')}  application/atom+xml  Eurasia Desk » Atom`,
      `  --pick 3  ${server.url('/site/feed.json')}  application/feed+json  Eurasia Desk JSON Feed`,
      `  --pick 4  ${server.url('/site/comments.rss')}  application/rss+xml  Comments`,
    ]);
    expect(run.stderr).toMatch(/announces 4 feeds; choose one with --pick N/);
    expect(await urls()).toEqual(before);

    const asJson = await stancewatch(
      ['feeds', 'add', server.url('/site/'), '--outlet', 'Eurasia Desk', '--json'],
      env(),
    );
    expect(asJson.code).toBe(2);
    expect(JSON.parse(asJson.stdout.split('\n')[0])).toEqual({
      pick: 1,
      url: server.url('/site/world.rss'),
      title: 'Eurasia Desk » World',
      type: 'application/rss+xml',
    });

    const wrong = await stancewatch(
      ['feeds', 'add', server.url('/site/'), '--outlet', 'Eurasia Desk', '--pick', '9'],
      env(),
    );
    expect(wrong).toMatchObject({ code: 2 });
    expect(wrong.stderr).toMatch(/--pick 9: .* announces 4 feed\(s\); pick one from 1 to 4/);

    const picked = await stancewatch(
      ['feeds', 'add', server.url('/site/'), '--outlet', 'Eurasia Desk', '--pick', '1'],
      env(),
    );
    expect(picked).toMatchObject({ code: 0 });
    expect(picked.stdout).toMatch(
      new RegExp(
        `^added feed \\d+: ${server.url('/site/world.rss')} \\(announced by ${server.url('/site/')}\\)\\n$`,
      ),
    );
    const again = await stancewatch(
      ['feeds', 'add', server.url('/site/'), '--outlet', 'Eurasia Desk', '--pick', '1'],
      env(),
    );
    expect(again).toMatchObject({ code: 1 });
    expect(again.stderr).toMatch(/already registered/);
  });

  it('fails with one line for a page that announces no feed', async () => {
    const run = await stancewatch(['feeds', 'add', server.url('/none/'), '--outlet', 'About'], env());
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(/is an HTML page that announces no feed .*give the feed's own address\n$/);
  });

  it('reads the page through the SSRF guard: a loopback page is not fetched unless allowed', async () => {
    const before = server.requestsTo('/one/').length;
    const url = server.url('/one/').replace('/one/', '/one/?guarded');
    const run = await stancewatch(['feeds', 'add', url, '--outlet', 'Guarded', '--json'], {
      ...env(),
      FEED_ALLOW_CIDRS: '',
    });
    expect(run).toMatchObject({ code: 0 });
    expect(run.stderr).toMatch(
      /warning: could not read .* now \(.*(private|loopback|refused).*\); registered as given/i,
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ url });
    expect(server.requestsTo('/one/').length).toBe(before);
  });
});
