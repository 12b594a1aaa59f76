import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the local PostgreSQL and Redis', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/stancewatch');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.fetch.maxBodyBytes).toBe(15 * 1024 * 1024);
    expect(config.fetch.allowCidrs).toEqual([]);
  });

  it('names every wrong variable and what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', FEED_MAX_REDIRECTS: '99' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL: expected a postgres: or postgresql: URL .*\(got "mysql:\/\/x"\)/);
    expect(message).toMatch(/PORT: expected a TCP port/);
    expect(message).toMatch(/FEED_MAX_REDIRECTS/);
  });

  it('reads lists and booleans', () => {
    const config = loadConfig({ FEED_ALLOW_CIDRS: '127.0.0.0/8, ::1/128', MIGRATE_ON_START: 'false' });
    expect(config.fetch.allowCidrs).toEqual(['127.0.0.0/8', '::1/128']);
    expect(config.migrateOnStart).toBe(false);
  });

  it('refuses a minimum interval above the maximum', () => {
    expect(() => loadConfig({ FEED_MIN_INTERVAL_SEC: '9000', FEED_MAX_INTERVAL_SEC: '600' })).toThrow(
      /FEED_MIN_INTERVAL_SEC/,
    );
  });
});
