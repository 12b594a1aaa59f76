import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { HostLimiter } from './host-limiter.js';

// Runs against the real Redis at 127.0.0.1:6379; every test owns a unique key prefix and removes it.
const connections: Redis[] = [];
const prefixes: string[] = [];

function connect(): Redis {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false, maxRetriesPerRequest: 1 });
  connections.push(redis);
  return redis;
}

function freshPrefix(): string {
  const prefix = `test:host-limiter:${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
  const redis = connections[0] ?? connect();
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
  await Promise.all(connections.map((c) => c.quit()));
});

describe('HostLimiter', () => {
  it('grants at most maxPerHost leases per host, and a released lease can be taken again', async () => {
    const limiter = new HostLimiter(connect(), { maxPerHost: 2, leaseMs: 30_000, keyPrefix: freshPrefix() });

    const first = await limiter.acquire('news.example');
    const second = await limiter.acquire('news.example');
    const third = await limiter.acquire('news.example');

    expect(first).toEqual(expect.any(String));
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect(third).toBeNull();
    expect(await limiter.acquire('other.example')).toEqual(expect.any(String)); // hosts are independent

    await limiter.release('news.example', first!);
    expect(await limiter.held('news.example')).toBe(1);
    expect(await limiter.acquire('news.example')).toEqual(expect.any(String));
  });

  it('shares the limit between worker processes (separate connections)', async () => {
    const keyPrefix = freshPrefix();
    const workers = [1, 2, 3].map(
      () => new HostLimiter(connect(), { maxPerHost: 3, leaseMs: 30_000, keyPrefix }),
    );

    // 30 requests for the same host race from three workers at once
    const tokens = await Promise.all(
      Array.from({ length: 30 }, (_, i) => workers[i % workers.length].acquire('tass.example')),
    );

    expect(tokens.filter((t) => t !== null)).toHaveLength(3);
    expect(await workers[0].held('tass.example')).toBe(3);
  });

  it('frees the lease of a worker that died without releasing it once the lease expires', async () => {
    const limiter = new HostLimiter(connect(), { maxPerHost: 1, leaseMs: 150, keyPrefix: freshPrefix() });

    expect(await limiter.acquire('xinhua.example')).not.toBeNull();
    expect(await limiter.acquire('xinhua.example')).toBeNull();
    await sleep(250);

    expect(await limiter.acquire('xinhua.example')).not.toBeNull();
  });

  it('lets the Redis key expire with the last lease, leaving nothing behind', async () => {
    const redis = connect();
    const keyPrefix = freshPrefix();
    const limiter = new HostLimiter(redis, { maxPerHost: 2, leaseMs: 5_000, keyPrefix });

    await limiter.acquire('rt.example');
    const ttl = await redis.pttl(`${keyPrefix}:rt.example`);

    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
  });

  it('treats host names case-insensitively and ignores releasing unknown tokens', async () => {
    const limiter = new HostLimiter(connect(), { maxPerHost: 1, leaseMs: 30_000, keyPrefix: freshPrefix() });

    const token = await limiter.acquire('News.Example');
    expect(await limiter.acquire('news.example')).toBeNull();
    await limiter.release('news.example', 'not-a-lease');
    expect(await limiter.held('news.example')).toBe(1);
    await limiter.release('NEWS.example', token!);
    expect(await limiter.held('news.example')).toBe(0);
  });

  it('refuses a nonsensical configuration', () => {
    const redis = connect();
    expect(() => new HostLimiter(redis, { maxPerHost: 0, leaseMs: 1000, keyPrefix: 'x' })).toThrow(
      'maxPerHost',
    );
    expect(() => new HostLimiter(redis, { maxPerHost: 1, leaseMs: 0, keyPrefix: 'x' })).toThrow('leaseMs');
  });
});
