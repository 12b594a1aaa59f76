import { randomBytes } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../libs/config/src/index.js';

/** A configuration for one test: its own database, its own queue prefix, loopback feeds allowed. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `swtest-${randomBytes(4).toString('hex')}`,
    FEED_ALLOW_CIDRS: '127.0.0.0/8,::1/128',
    FEED_CONNECT_TIMEOUT_MS: '2000',
    FEED_READ_TIMEOUT_MS: '3000',
    MIGRATE_ON_START: 'false',
    SEED_FEEDS_ON_START: 'false',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}
