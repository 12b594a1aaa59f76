/**
 * `npm run bench:scrape [-- --feeds N] [-- --pg URL] [-- --redis URL]`: what one Prometheus scrape of the API costs with N enabled
 * feeds (default 1,000 and 10,000): the time of GET /metrics, which counts the stale feeds in
 * PostgreSQL and runs the readiness checks, and the size of the exposition. Prints figures, never
 * passes or fails. Needs PostgreSQL (a server URL without a database, as the other benchmarks) and Redis.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { createApi } from '../apps/api/src/create-api.js';
import { loadConfig } from '../libs/config/src/index.js';
import { createBenchDatabase } from './bench-database.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const server = option('--pg') ?? 'postgres://postgres@127.0.0.1:5432';
const redisUrl = option('--redis') ?? 'redis://127.0.0.1:6379';
const sizes = option('--feeds') ? [Number(option('--feeds'))] : [1_000, 10_000];
const SCRAPES = 50;
const WARM_UP = 10;

for (const feeds of sizes) {
  const bench = await createBenchDatabase(server);
  try {
    // Every feed polled every 30 minutes, its last success 0 to 6 hours ago: 5 in 7 are stale.
    await bench.db.query(
      `INSERT INTO feeds (url, outlet, country, language, kind, poll_interval_sec, last_success_at, created_at)
       SELECT 'https://f' || i || '.example.org/rss', 'outlet ' || i, 'INT', 'en', 'wire', 1800,
         now() - (i % 7) * interval '1 hour', now() - interval '30 days'
       FROM generate_series(1, $1) i`,
      [feeds],
    );
    const app = await createApi(
      loadConfig({
        DATABASE_URL: bench.url,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: `stancewatch-bench-${process.pid}`,
        LOG_LEVEL: 'warn',
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as import('node:http').Server).address() as AddressInfo;
    const times: number[] = [];
    let bytes = 0;
    let stale = '';
    for (let i = 0; i < WARM_UP + SCRAPES; i++) {
      const started = process.hrtime.bigint();
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      if (i >= WARM_UP) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      bytes = Buffer.byteLength(text);
      stale = /^stancewatch_feeds_stale (\d+)$/m.exec(text)?.[1] ?? 'absent';
    }
    await app.close();
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))].toFixed(1);
    process.stdout.write(
      `${feeds} enabled feeds (${stale} stale): GET /metrics median ${at(0.5)} ms, p90 ${at(0.9)} ms ` +
        `over ${SCRAPES} scrapes after ${WARM_UP}; ${bytes} bytes\n`,
    );
  } finally {
    await bench.drop();
  }
}
