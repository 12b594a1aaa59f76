import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../libs/config/src/index.js';

/** Where tests keep generated models: the built-in model, made from the lexicons in the repository. */
export const TEST_MODEL_CACHE = join(tmpdir(), 'stancewatch-test-models');

/** Feed intervals of one to three seconds, so that a test sees a feed polled several times within seconds. */
export const FAST_POLLING = {
  FEED_MIN_INTERVAL_SEC: '1',
  FEED_DEFAULT_INTERVAL_SEC: '2',
  FEED_MAX_INTERVAL_SEC: '3',
} as const;

/** The environment of a test process: its own queue prefix, loopback feeds allowed, the built-in model, no network. */
export function testEnvironment(
  databaseUrl: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `swtest-${randomBytes(4).toString('hex')}`,
    FEED_ALLOW_CIDRS: '127.0.0.0/8,::1/128',
    FEED_CONNECT_TIMEOUT_MS: '2000',
    FEED_READ_TIMEOUT_MS: '3000',
    MIGRATE_ON_START: 'false',
    SEED_FEEDS_ON_START: 'false',
    LOG_LEVEL: 'warn',
    NLI_MODEL: 'builtin',
    SENTIMENT_MODEL: 'builtin',
    MODEL_CACHE_DIR: TEST_MODEL_CACHE,
    MODELS_OFFLINE: 'true',
    ...overrides,
  };
}

/** A configuration for one test: its own database, its own queue prefix, loopback feeds allowed. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnvironment(databaseUrl, overrides));
}
