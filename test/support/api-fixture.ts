import type { INestApplication } from '@nestjs/common';
import { createApi } from '../../apps/api/src/create-api.js';
import type { AppConfig } from '../../libs/config/src/index.js';
import { listenLocally } from './listen-locally.js';
import { testConfig } from './test-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface ApiFixture {
  /** The file's own database (copied from the migrated template). */
  readonly target: TestDatabase;
  readonly config: AppConfig;
  readonly app: INestApplication;
  /** The API's base URL on a free loopback port. */
  readonly base: string;
}

/**
 * The API on a database of its own, for the tests of one file: started before them (before the
 * file's own beforeAll), closed and its database dropped after them. Call it in the describe block;
 * read its fields inside hooks and tests. `overrides` are environment variables for testConfig.
 */
export function apiOnItsOwnDatabase(overrides: Record<string, string> = {}): ApiFixture {
  const fixture = {} as { -readonly [K in keyof ApiFixture]: ApiFixture[K] };
  beforeAll(async () => {
    fixture.target = await createTestDatabase();
    fixture.config = testConfig(fixture.target.url, overrides);
    fixture.app = await createApi(fixture.config);
    fixture.base = await listenLocally(fixture.app);
  });
  afterAll(async () => {
    await fixture.app?.close();
    await fixture.target?.drop();
  });
  return fixture;
}
