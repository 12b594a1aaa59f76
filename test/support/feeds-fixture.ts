import { FeedRepository, type Feed, type NewFeed } from '../../libs/feeds/src/index.js';
import { startFeedServer, type FeedServer } from './feed-server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface FeedsFixture {
  /** The local feed server the test's feeds are served from. */
  readonly server: FeedServer;
  /** The file's own database (copied from the migrated template). */
  readonly target: TestDatabase;
  /** Registers a feed served at `path` (an independent English one unless `entry` says otherwise). */
  addFeed(path: string, outlet: string, entry?: Partial<NewFeed>): Promise<Feed>;
}

/**
 * A feed server and a database of its own, for the polling tests of one describe block: started
 * before them, closed and dropped after them. Read its fields inside hooks and tests.
 */
export function feedsOnItsOwnDatabase(): FeedsFixture {
  const fixture = {
    addFeed: async (path: string, outlet: string, entry: Partial<NewFeed> = {}) =>
      (await new FeedRepository(fixture.target.db).create(
        {
          url: fixture.server.url(path),
          outlet,
          country: 'INT',
          language: 'en',
          kind: 'independent',
          ...entry,
        },
        'api',
        1800,
      ))!,
  } as { -readonly [K in keyof FeedsFixture]: FeedsFixture[K] };
  beforeAll(async () => {
    fixture.server = await startFeedServer();
    fixture.target = await createTestDatabase();
  });
  afterAll(async () => {
    await fixture.target?.drop();
    await fixture.server?.close();
  });
  return fixture;
}
