import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createFeedPoller, type FeedPoller } from '../../libs/feeds/src/index.js';
import { Lenses } from '../../libs/lens/src/index.js';
import { feedsOnItsOwnDatabase } from '../support/feeds-fixture.js';
import { recordingLogger } from '../support/recording-logger.js';
import { testConfig } from '../support/test-config.js';

const SECRET = 'secret';

describe('a feed URL with a user and password, through polls that fail and succeed', () => {
  const fixture = feedsOnItsOwnDatabase();
  const log = recordingLogger('worker');
  let poller: FeedPoller;
  /** The fixture's URL for `path`, with `userinfo` (as an operator gives it, not percent-encoded). */
  const withUser = (path: string, userinfo: string) =>
    fixture.server.url(path).replace('://', `://${userinfo}@`);

  beforeAll(() => {
    const config = testConfig(fixture.target.url);
    poller = createFeedPoller(fixture.target.db, config, Lenses.load(config.lensesFile));
    // Every line the poller logs, to look for the password in (the quiet default keeps errors only).
    Logger.overrideLogger(log.logger);
  });

  afterAll(() => {
    Logger.overrideLogger(['error']);
  });

  const storedErrors = async () => [
    ...(await fixture.target.db.query<{ error: string | null }>(`SELECT last_error AS error FROM feeds`)),
    ...(await fixture.target.db.query<{ error: string | null }>(`SELECT error FROM feed_polls`)),
  ];

  it('stores, reports and logs the errors that quote the URL without its password', async () => {
    const failing = await fixture.addFeed('/500', 'Failing', { url: withUser('/500', `user:${SECRET}`) });
    // A password with an @ and a space, quoted as given by the redirect-loop error: no pattern finds it.
    const looping = await fixture.addFeed('/loop', 'Looping', {
      url: withUser('/loop', `reader:x@${SECRET} word`),
    });

    const reports = [await poller.poll(failing.id, 'manual'), await poller.poll(looping.id, 'manual')];
    expect(reports.map((r) => r.outcome)).toEqual(['error', 'error']);
    expect(reports[0].error).toMatch(/^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/500: HTTP 500/);
    expect(reports[1].error).toMatch(/^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/loop: redirect loop/);
    expect(reports[1].url).toBe(fixture.server.url('/loop').replace('://', '://***@'));

    const errors = await storedErrors();
    expect(errors.filter((row) => row.error !== null)).toHaveLength(4); // two feeds, two polls
    expect(JSON.stringify(errors)).not.toContain(SECRET);
    expect(JSON.stringify(reports)).not.toContain(SECRET);
    const lines = log.tail(10_000);
    expect(lines).toContain('feed poll failed');
    expect(lines).not.toContain(SECRET);
  });

  it('still polls with the credentials, and logs the success without them', async () => {
    const feed = await fixture.addFeed('/feed.rss', 'Private', {
      url: withUser('/feed.rss', `user:${SECRET}`),
    });
    const report = await poller.poll(feed.id, 'manual');
    expect(report).toMatchObject({ outcome: 'ok', error: null });
    const [request] = fixture.server.requestsTo('/feed.rss').slice(-1);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`user:${SECRET}`).toString('base64')}`);
    const lines = log.tail(10_000);
    expect(lines).toContain('feed polled');
    expect(lines).not.toContain(SECRET);
  });

  it('hides the credentials in errors stored before polls hid them, once migrated', async () => {
    const url = withUser('/old', `reader:x@${SECRET} word`);
    const feed = await fixture.addFeed('/old', 'Old', { url });
    const old = `${url}: redirect loop (${new URL(url).href} → ${withUser('/b', `u:${SECRET}`)})`;
    await fixture.target.db.query(`UPDATE feeds SET last_error = $2 WHERE id = $1`, [feed.id, old]);
    await fixture.target.db.query(
      `INSERT INTO feed_polls (feed_id, started_at, duration_ms, outcome, conditional, error, next_poll_at, interval_sec)
       VALUES ($1, now(), 1, 'error', false, $2, now(), 60)`,
      [feed.id, old],
    );
    const migration = readFileSync(
      new URL('../../migrations/1764420000000_poll-errors-without-credentials.sql', import.meta.url),
      'utf8',
    );
    await fixture.target.db.query(migration.split('-- Down Migration')[0]);

    const errors = await storedErrors();
    expect(JSON.stringify(errors)).not.toContain(SECRET);
    const origin = fixture.server.origin.replace('://', '://***@');
    expect(errors.map((row) => row.error)).toContain(
      `${origin}/old: redirect loop (${origin}/old → ${origin}/b)`,
    );
  });
});
