import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Prng } from '../libs/feedgen/src/index.js';
import { type Lens, RelevanceFilter } from '../libs/lens/src/index.js';
import type { BenchDatabase } from './bench-database.js';
import { builtinModelEnvironment } from './bench-models.js';
import { obliterateQueues } from './bench-queues.js';
import { startConditionalFeedHost, type ConditionalFeedHost } from './conditional-feed-host.js';
import { GrowingFeed, itemKey } from './latency-feeds.js';
import { quantile, summarize, type Spread } from './stats.js';
import { startApi, type ApiProcess } from './trend-api-process.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

export interface LatencyPlan {
  feeds: number;
  /** New items added in all, round-robin over the feeds. */
  items: number;
  /** FEED_MIN_INTERVAL_SEC = FEED_DEFAULT_INTERVAL_SEC = FEED_MAX_INTERVAL_SEC. */
  intervalSec: number;
  /** The items appear spread over this many seconds, at seeded random times. */
  spreadSec: number;
  seed: number;
}

export interface LatencyOptions {
  /** Emptied first. */
  target: BenchDatabase;
  redisUrl: string;
  /** Where the worker generates the built-in models (a fresh install's first start). */
  cacheDir: string;
  /** The lens the API lists by default: every new item must be relevant to it. */
  lens: Lens;
  plan: LatencyPlan;
  progress: (line: string) => void;
}

/** p50 and p95 of a stretch of the path, over the items (s). */
export interface Percentiles {
  p50: number;
  p95: number;
}

export interface LatencyDetails {
  feeds: number;
  items: number;
  /** Items seen with scores in the API before the deadline. */
  visible: number;
  intervalSec: number;
  spreadSec: number;
  /** The target for p95: the poll interval plus 10 s. */
  targetSec: number;
  /** Appeared in the feed → listed with scores by GET /api/v1/articles (s), over the items. */
  latencySec: Spread & { p95: number };
  /** Appeared → the start of the poll that stored it (articles.fetched_at). */
  waitForPollSec: Percentiles;
  /** That poll's start → its scores committed (article_scores.classified_at). */
  pollToScoredSec: Percentiles;
  /** Scores committed → first listed by the API (includes up to one watch period). */
  scoredToVisibleSec: Percentiles;
  watchPeriodMs: number;
  /** Worker resident memory at the end (MiB). */
  workerRssMiB: number;
}

const INITIAL_ITEMS = 5;
const WATCH_PERIOD_MS = 200;
const WARM_UP_TIMEOUT_MS = 180_000;
const MAX_PER_HOST = 10_000;

/**
 * Item in a feed → its scores in the API, through a real worker (feed-poll and classify, built-in
 * models) and a real API process: items are added to local feeds at known times while the bench watches
 * GET /api/v1/articles?relevant=true (Cache-Control: no-cache) for them to appear with a score.
 */
export async function benchItemLatency(opts: LatencyOptions): Promise<LatencyDetails> {
  const { target, plan } = opts;
  const host = await startConditionalFeedHost();
  const lens = new RelevanceFilter(opts.lens);
  const relevant = (headline: string) => lens.match(headline).relevant;
  const feeds = Array.from({ length: plan.feeds }, (_, i) => new GrowingFeed(i, plan.seed, relevant));
  const started = Date.now();
  for (const feed of feeds) {
    for (let i = INITIAL_ITEMS; i > 0; i -= 1)
      feed.add(`old-${feed.index}-${i}`, new Date(started - i * 3_600_000));
    host.publish(feed.path, feed.document());
  }
  await registerFeeds(target, feeds, host, plan.intervalSec);
  const prefix = `swbench-e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
  const env = environment(target.url, opts.redisUrl, prefix, opts.cacheDir);
  let worker: WorkerProcess | null = null;
  let api: ApiProcess | null = null;
  try {
    worker = startWorker({
      ...env,
      WORKER_QUEUES: 'feed-poll,classify',
      WORKER_HTTP_PORT: '0',
      FEED_POLL_CONCURRENCY: '16',
      FEED_MAX_PER_HOST: String(MAX_PER_HOST),
      FEED_ALLOW_CIDRS: '127.0.0.0/8',
      FEED_MIN_INTERVAL_SEC: String(plan.intervalSec),
      FEED_DEFAULT_INTERVAL_SEC: String(plan.intervalSec),
      FEED_MAX_INTERVAL_SEC: String(plan.intervalSec),
    });
    api = await startApi({ ...env, READS_OPEN: 'true', RATE_LIMIT_PER_MINUTE: '100000000' });
    opts.progress('latency: waiting for the first polls to be scored (model generation and warm-up)');
    await warmUp(target, worker, plan.feeds * INITIAL_ITEMS);

    const appeared = new Map<string, number>();
    const visible = new Map<string, number>();
    const from = new Date(Date.now() - 1000).toISOString();
    let publishing = true;
    let stop = false;
    const watching = watch(api.base, from, appeared, visible, () => {
      worker!.assertAlive();
      return stop || (!publishing && visible.size === appeared.size);
    });
    watching.catch(() => (stop = true)); // rethrown below, once publishing is over
    const deadline = await publishItems(plan, feeds, host, appeared, opts.progress, () => stop).finally(
      () => (publishing = false),
    );
    // Unreferenced: once every item is visible, this timer must not keep the process alive.
    await Promise.race([watching, sleep(Math.max(0, deadline - Date.now()), undefined, { ref: false })]);
    stop = true;
    await watching;
    const breakdown = await stagesOf(target, appeared, visible);
    const latencies = [...visible].map(([key, at]) => (at - appeared.get(key)!) / 1000);
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      feeds: plan.feeds,
      items: plan.items,
      visible: visible.size,
      intervalSec: plan.intervalSec,
      spreadSec: plan.spreadSec,
      targetSec: plan.intervalSec + 10,
      latencySec: { ...summarize(latencies), p95: quantile(sorted, 0.95) },
      ...breakdown,
      watchPeriodMs: WATCH_PERIOD_MS,
      workerRssMiB: worker.memory().rssMiB,
    };
  } finally {
    await api?.stop();
    await worker?.stop();
    await obliterateQueues(opts.redisUrl, prefix);
    await host.close();
  }
}

function environment(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  cacheDir: string,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    MIGRATE_ON_START: 'false',
    SEED_FEEDS_ON_START: 'false',
    LOG_LEVEL: 'warn',
    ...builtinModelEnvironment(cacheDir, 1, 32),
  };
}

async function registerFeeds(
  { db }: BenchDatabase,
  feeds: GrowingFeed[],
  host: ConditionalFeedHost,
  intervalSec: number,
): Promise<void> {
  await db.query(
    `TRUNCATE article_scores, feed_polls, feed_items, articles, stories, feeds RESTART IDENTITY CASCADE`,
  );
  await db.query(
    `INSERT INTO feeds (url, outlet, country, language, kind, origin, poll_interval_sec)
     SELECT url, 'Growing ' || n, 'INT', language, 'independent', 'cli', $3
     FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS f(url, language, n)`,
    [feeds.map((feed) => host.url(feed.path)), feeds.map((feed) => feed.language), intervalSec],
  );
}

/** Until the feeds' initial items are scored: the models exist and are loaded, every feed is polled. */
async function warmUp({ db }: BenchDatabase, worker: WorkerProcess, expected: number): Promise<void> {
  const deadline = Date.now() + WARM_UP_TIMEOUT_MS;
  for (;;) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM article_scores`);
    if (n >= expected) return;
    worker.assertAlive();
    if (Date.now() > deadline) throw new Error(`warm-up: ${n} of ${expected} initial items scored in time`);
    await sleep(250);
  }
}

/**
 * Adds the items at seeded random times over the spread (item k in the k-th slot, feeds in turn), so
 * they land at every phase of the feeds' poll cycles. Resolves with the time to stop watching.
 */
async function publishItems(
  plan: LatencyPlan,
  feeds: GrowingFeed[],
  host: ConditionalFeedHost,
  appeared: Map<string, number>,
  progress: (line: string) => void,
  stopped: () => boolean,
): Promise<number> {
  const rng = new Prng(plan.seed);
  const slotMs = (plan.spreadSec * 1000) / plan.items;
  const start = Date.now();
  for (let k = 0; k < plan.items && !stopped(); k += 1) {
    const at = start + (k + rng.next()) * slotMs;
    await sleep(Math.max(0, at - Date.now()));
    const feed = feeds[k % feeds.length];
    const now = Date.now();
    feed.add(String(k), new Date(now));
    host.publish(feed.path, feed.document());
    appeared.set(String(k), now);
    if ((k + 1) % 10 === 0) progress(`latency: ${k + 1}/${plan.items} items published`);
  }
  return Date.now() + (plan.intervalSec + 60) * 1000;
}

/** Lists the relevant articles published since `from` until `done`, noting when each item first shows a score. */
async function watch(
  base: string,
  from: string,
  appeared: Map<string, number>,
  visible: Map<string, number>,
  done: () => boolean,
): Promise<void> {
  const url = `${base}/api/v1/articles?relevant=true&from=${encodeURIComponent(from)}&limit=200`;
  while (!done()) {
    const response = await fetch(url, { headers: { 'Cache-Control': 'no-cache' } });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    const now = Date.now();
    const page = (await response.json()) as { articles: Array<{ url: string | null; score: unknown }> };
    for (const article of page.articles) {
      const key = article.url ? itemKey(article.url) : null;
      if (key !== null && article.score && appeared.has(key) && !visible.has(key)) visible.set(key, now);
    }
    await sleep(WATCH_PERIOD_MS);
  }
}

/** Where each visible item's time went, from the article's fetched_at and its score's classified_at. */
async function stagesOf(
  { db }: BenchDatabase,
  appeared: Map<string, number>,
  visible: Map<string, number>,
): Promise<Pick<LatencyDetails, 'waitForPollSec' | 'pollToScoredSec' | 'scoredToVisibleSec'>> {
  const rows = await db.query<{ url: string; fetched: Date; scored: Date }>(
    `SELECT a.url, a.fetched_at AS fetched, min(s.classified_at) AS scored
     FROM articles a JOIN article_scores s ON s.article_id = a.id
     WHERE a.url LIKE '%/bench-item-%' GROUP BY a.id`,
  );
  const stages = { wait: [] as number[], score: [] as number[], show: [] as number[] };
  for (const row of rows) {
    const key = itemKey(row.url);
    const seen = key === null ? undefined : visible.get(key);
    if (key === null || seen === undefined) continue;
    stages.wait.push((row.fetched.getTime() - appeared.get(key)!) / 1000);
    stages.score.push((row.scored.getTime() - row.fetched.getTime()) / 1000);
    stages.show.push((seen - row.scored.getTime()) / 1000);
  }
  return {
    waitForPollSec: percentiles(stages.wait),
    pollToScoredSec: percentiles(stages.score),
    scoredToVisibleSec: percentiles(stages.show),
  };
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}
