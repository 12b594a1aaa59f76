/**
 * `npm run bench:outage [-- --runs N] [-- --seconds T] [-- --articles N] [-- --pg URL] [-- --redis URL]`:
 * how long the classify queue takes to finish its work after PostgreSQL has been away for T seconds
 * (default 10), for each way it goes away — reset (connections reset, new ones refused: a restart) and
 * hang (nothing forwarded, nothing closed: a partition) — against the same work with no outage, in the
 * same runs. One real worker process with its default timeouts, reaching PostgreSQL through a TCP
 * proxy; the built-in model. Prints a Markdown table; it reports, it never fails on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { ClassifyProducer, QueueName, redisConnection, type ClassifyJob } from '../libs/queue/src/index.js';
import { createBenchDatabase, type BenchDatabase } from './bench-database.js';
import { BENCH_LENS, builtinModelEnvironment } from './bench-models.js';
import { insertArticles, waitFor } from './queue-throughput.js';
import { summarize, type Spread } from './stats.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { benchArticles } from './texts.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

type Outage = 'none' | 'reset' | 'hang';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const RUNS = Number(option('--runs', '3'));
const OUTAGE_SEC = Number(option('--seconds', '10'));
const ARTICLES = Number(option('--articles', '600'));
const PG_SERVER = option('--pg', 'postgres://postgres@127.0.0.1:5432');
const REDIS_URL = option('--redis', 'redis://127.0.0.1:6379');
const BATCH = 50;
const RECOVERY_TIMEOUT_MS = 300_000;

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

/**
 * One run: queue the articles, let the first batch be stored, take PostgreSQL away for the outage,
 * and return the milliseconds from its return until every article is scored. With no outage, from
 * the first batch on: the time the rest of the work takes uninterrupted, the baseline.
 */
async function recoveryMs(
  target: BenchDatabase,
  proxy: TcpProxy,
  worker: WorkerProcess,
  producer: ClassifyProducer,
  feedId: number,
  outage: Outage,
  tag: string,
): Promise<number> {
  const ids = await insertArticles(target, feedId, benchArticles(ARTICLES), tag);
  const jobsBefore = worker.jobs.length;
  await producer.enqueue(BENCH_LENS, ids);
  await waitFor(() => worker.jobs.length > jobsBefore, RECOVERY_TIMEOUT_MS, worker);
  if (outage === 'reset') await proxy.cut();
  if (outage === 'hang') proxy.freeze();
  if (outage !== 'none') await sleep(OUTAGE_SEC * 1000);
  if (outage === 'reset') await proxy.restore();
  if (outage === 'hang') proxy.thaw();
  const back = performance.now();
  await waitFor(
    async () => {
      const [{ n }] = await target.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM article_scores WHERE article_id = ANY($1::bigint[])`,
        [ids],
      );
      return n === ids.length;
    },
    RECOVERY_TIMEOUT_MS,
    worker,
  );
  return performance.now() - back;
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(join(os.tmpdir(), 'stancewatch-bench-outage-'));
  const target = await createBenchDatabase(PG_SERVER);
  const server = new URL(PG_SERVER);
  const proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  const viaProxy = new URL(target.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  const prefix = `swbench-outage-${process.pid}`;
  const queue = new Queue<ClassifyJob>(QueueName.Classify, {
    connection: redisConnection(REDIS_URL),
    prefix,
  });
  const [{ id: feedId }] = await target.db.query<{ id: number }>(
    `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ('https://wire.example/outage.rss', 'Bench Wire', 'INT', 'en', 'wire') RETURNING id`,
  );
  const worker = startWorker({
    DATABASE_URL: viaProxy.toString(),
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    WORKER_QUEUES: 'classify',
    MIGRATE_ON_START: 'false',
    SEED_FEEDS_ON_START: 'false',
    WORKER_HTTP_PORT: '0',
    ...builtinModelEnvironment(cacheDir, 1, BATCH),
  });
  const samples: Record<Outage, number[]> = { none: [], reset: [], hang: [] };
  try {
    const producer = new ClassifyProducer(queue, BATCH);
    await recoveryMs(target, proxy, worker, producer, feedId, 'none', 'warm-up');
    for (let run = 0; run < RUNS; run += 1) {
      // Alternated, so no kind always runs on a warmer machine.
      const order: Outage[] = run % 2 === 0 ? ['none', 'reset', 'hang'] : ['hang', 'reset', 'none'];
      for (const outage of order) {
        const ms = await recoveryMs(target, proxy, worker, producer, feedId, outage, `${outage}-${run}`);
        samples[outage].push(ms);
        progress(`run ${run + 1}/${RUNS} ${outage}: all scored ${(ms / 1000).toFixed(1)} s after the return`);
      }
    }
  } finally {
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await proxy.close().catch(() => undefined);
    await target.drop();
    rmSync(cacheDir, { recursive: true, force: true });
  }
  process.stdout.write(report(samples));
}

function report(samples: Record<Outage, number[]>): string {
  const seconds = (spread: Spread) =>
    `${(spread.median / 1000).toFixed(1)} s (${(spread.min / 1000).toFixed(1)}–${(spread.max / 1000).toFixed(1)})`;
  const none = summarize(samples.none);
  const row = (label: string, outage: Outage) => {
    const spread = summarize(samples[outage]);
    const extra = outage === 'none' ? '—' : `${((spread.median - none.median) / 1000).toFixed(1)} s`;
    return `| ${label} | ${seconds(spread)} | ${extra} |`;
  };
  return [
    `PostgreSQL away for ${OUTAGE_SEC} s while one classify worker scores ${ARTICLES} articles in batches of ${BATCH} (built-in model, ${RUNS} runs, median (min–max)):`,
    '',
    '| outage | last article scored, after the return | beyond the same work with no outage |',
    '| --- | --- | --- |',
    row('none (baseline: the rest of the work, uninterrupted)', 'none'),
    row('reset (connections reset, new ones refused)', 'reset'),
    row('hang (nothing forwarded, nothing closed)', 'hang'),
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
