import { FeedRepository } from '../../libs/feeds/src/index.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { stancewatch } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SECRET = 'secret';

describe('stancewatch feeds, for a feed whose URL carries a user and password', () => {
  let server: FeedServer;
  let target: TestDatabase;
  let env: Record<string, string>;
  let feedId: number;

  beforeAll(async () => {
    server = await startFeedServer();
    target = await createTestDatabase();
    env = { DATABASE_URL: target.url, QUEUE_PREFIX: `swcli-cred${process.pid}` };
    const url = server.url('/500').replace('://', `://user:${SECRET}@`);
    const feed = await new FeedRepository(target.db).create(
      { url, outlet: 'Private', country: 'INT', language: 'en', kind: 'independent' },
      'api',
      1800,
    );
    feedId = feed!.id;
  });

  afterAll(async () => {
    await target.drop();
    await server.close();
  });

  it('polls it and lists it, its errors and its history without the password', async () => {
    const poll = await stancewatch(['feeds', 'poll', String(feedId)], env);
    expect(poll).toMatchObject({ code: 1 });
    expect(poll.stdout).toMatch(/error: http:\/\/\*\*\*@127\.0\.0\.1:\d+\/500: HTTP 500/);
    const runs = [
      poll,
      await stancewatch(['feeds', 'poll', String(feedId), '--json'], env),
      await stancewatch(['feeds', 'list'], env),
      await stancewatch(['feeds', 'list', '--json'], env),
      await stancewatch(['feeds', 'history', String(feedId)], env),
      await stancewatch(['feeds', 'history', String(feedId), '--json'], env),
    ];
    for (const run of runs) {
      expect(run.stdout).toContain('***@127.0.0.1');
      expect(run.stdout + run.stderr).not.toContain(SECRET);
    }
  });
});
