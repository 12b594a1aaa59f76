import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import {
  FEED_POLL_JOB_NAME,
  FEED_POLL_JOB_OPTIONS,
  QueueName,
  redisConnection,
  type FeedPollJob,
} from '../libs/queue/src/index.js';
import type { BenchDatabase } from './bench-database.js';
import { obliterateQueues } from './bench-queues.js';
import { startConditionalFeedHost, type ConditionalFeedHost } from './conditional-feed-host.js';
import { generateFeeds, type GeneratedFeed } from './generate-feeds.js';
import { figure, summarize, timed, type Figure, type Spread } from './stats.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

export interface PollingPlan {
  feeds: number;
  itemsPerFeed: { min: number; max: number };
  runs: number;
  /** FEED_POLL_CONCURRENCY of the worker, and the concurrency of the plain fetch loop. */
  concurrency: number;
}

export interface PollingOptions {
  /** Emptied at every run. */
  target: BenchDatabase;
  redisUrl: string;
  plan: PollingPlan;
  progress: (line: string) => void;
}

export interface PollingDetails {
  feeds: number;
  items: number;
  runs: number;
  concurrency: number;
  maxPerHost: number;
  /** New articles stored per minute in the first round (from the same feed_polls timestamps). */
  missArticlesPerMinute: Spread;
  /** Enqueue to the last feed_polls row, seen from the bench process (s), per round. */
  missWallSec: Spread;
  hitWallSec: Spread;
  /** Mean duration_ms of one poll, per round. */
  missPollMs: Spread;
  hitPollMs: Spread;
}

interface Round {
  /** First started_at to last started_at + duration_ms, from feed_polls (ms). */
  spanMs: number;
  wallMs: number;
  polls: number;
  itemsNew: number;
  meanPollMs: number;
  outcomes: Record<string, number>;
}

// All 1,000 feeds share one host (127.0.0.1), so the per-host limit is lifted: the figure is the worker's.
const MAX_PER_HOST = 10_000;
// Longer than the benchmark: only the rounds it enqueues poll, never a feed's own scheduler.
const QUIET_INTERVAL_SEC = 86_400;
const ROUND_TIMEOUT_MS = 600_000;
const WARM_UP_FEEDS = 50;
const BASELINE_PASSES = 3;

/**
 * Feeds polled per minute by a real worker process (feed-poll queue only) against a local server with
 * ETag and Last-Modified: a first round where every feed is new (200, items stored), then a round of
 * conditional GETs (304). Baseline in the same run: the same GETs from a plain concurrent fetch loop.
 */
export async function benchPolling(
  opts: PollingOptions,
): Promise<{ figures: Figure[]; details: PollingDetails; warnings: string[] }> {
  const { target, plan } = opts;
  const feeds = generateFeeds({ feeds: plan.feeds, itemsPerFeed: plan.itemsPerFeed });
  const host = await startConditionalFeedHost();
  for (const feed of feeds) host.publish(feed.name, { bytes: feed.bytes, contentType: feed.contentType });
  const urls = feeds.map((feed) => host.url(feed.name));
  const prefix = `swbench-poll-${process.pid}-${randomBytes(3).toString('hex')}`;
  const queue = new Queue<FeedPollJob>(QueueName.FeedPoll, {
    connection: redisConnection(opts.redisUrl),
    prefix,
  });
  let worker: WorkerProcess | null = null;
  const warnings: string[] = [];
  try {
    let ids = await registerFeeds(target, feeds, host);
    worker = startWorker(workerEnvironment(target.url, opts.redisUrl, prefix, plan.concurrency));
    await waitForWorker(queue, worker);
    await pollRound(target, queue, worker, ids.slice(0, WARM_UP_FEEDS), 'warm-miss');
    await pollRound(target, queue, worker, ids.slice(0, WARM_UP_FEEDS), 'warm-hit');
    await baseline(urls, plan.concurrency); // its warm-up too: the first pass opens the connections and compiles

    const samples = {
      miss: [] as number[],
      hit: [] as number[],
      plain: [] as number[],
      conditional: [] as number[],
      articles: [] as number[],
      missWall: [] as number[],
      hitWall: [] as number[],
      missPoll: [] as number[],
      hitPoll: [] as number[],
    };
    for (let run = 0; run < plan.runs; run += 1) {
      ids = await registerFeeds(target, feeds, host);
      const baselineFirst = run % 2 === 0; // alternate, so neither side always runs on a warmer machine
      const before = baselineFirst ? await baseline(urls, plan.concurrency) : null;
      const miss = await pollRound(target, queue, worker, ids, `run${run}-miss`);
      const hit = await pollRound(target, queue, worker, ids, `run${run}-hit`);
      const base = before ?? (await baseline(urls, plan.concurrency));
      warnings.push(...check(miss, feeds, 'ok'), ...check(hit, feeds, 'not-modified'));
      samples.miss.push(perMinute(miss.polls, miss.spanMs));
      samples.hit.push(perMinute(hit.polls, hit.spanMs));
      samples.plain.push(base.plainPerMinute);
      samples.conditional.push(base.conditionalPerMinute);
      samples.articles.push(perMinute(miss.itemsNew, miss.spanMs));
      samples.missWall.push(miss.wallMs / 1000);
      samples.hitWall.push(hit.wallMs / 1000);
      samples.missPoll.push(miss.meanPollMs);
      samples.hitPoll.push(hit.meanPollMs);
      opts.progress(
        `polling run ${run + 1}/${plan.runs}: ${Math.round(samples.miss[run])} polls/min new, ` +
          `${Math.round(samples.hit[run])} polls/min 304; plain fetch ${Math.round(base.plainPerMinute)} GETs/min`,
      );
    }
    const label = `${plan.feeds.toLocaleString('en-US')} URLs, ${plan.concurrency} at once`;
    return {
      figures: [
        figure(
          'polling.miss',
          `worker polls, first round (all new: 200, items stored), concurrency ${plan.concurrency}`,
          'polls/min',
          samples.miss,
          `plain fetch loop, GET and read the body, ${label}`,
          samples.plain,
        ),
        figure(
          'polling.hit',
          `worker polls, conditional GET round (all 304), concurrency ${plan.concurrency}`,
          'polls/min',
          samples.hit,
          `plain fetch loop, GET with If-None-Match (304), ${label}`,
          samples.conditional,
        ),
      ],
      details: {
        feeds: plan.feeds,
        items: feeds.reduce((sum, feed) => sum + feed.itemCount, 0),
        runs: plan.runs,
        concurrency: plan.concurrency,
        maxPerHost: MAX_PER_HOST,
        missArticlesPerMinute: summarize(samples.articles),
        missWallSec: summarize(samples.missWall),
        hitWallSec: summarize(samples.hitWall),
        missPollMs: summarize(samples.missPoll),
        hitPollMs: summarize(samples.hitPoll),
      },
      warnings: [...new Set(warnings)],
    };
  } finally {
    await worker?.stop();
    await queue.close();
    await obliterateQueues(opts.redisUrl, prefix);
    await host.close();
  }
}

function workerEnvironment(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  concurrency: number,
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    WORKER_QUEUES: 'feed-poll',
    WORKER_HTTP_PORT: '0',
    MIGRATE_ON_START: 'false',
    SEED_FEEDS_ON_START: 'false',
    FEED_POLL_CONCURRENCY: String(concurrency),
    FEED_MAX_PER_HOST: String(MAX_PER_HOST),
    FEED_ALLOW_CIDRS: '127.0.0.0/8',
    FEED_MIN_INTERVAL_SEC: String(QUIET_INTERVAL_SEC),
    FEED_DEFAULT_INTERVAL_SEC: String(QUIET_INTERVAL_SEC),
    FEED_MAX_INTERVAL_SEC: String(QUIET_INTERVAL_SEC),
  };
}

/** Empties every table a poll writes and registers the feeds afresh (ids 1..n), none of them due. */
async function registerFeeds(
  { db }: BenchDatabase,
  feeds: GeneratedFeed[],
  host: ConditionalFeedHost,
): Promise<number[]> {
  await db.query(
    `TRUNCATE article_scores, feed_polls, feed_items, articles, stories, feeds RESTART IDENTITY CASCADE`,
  );
  const rows = await db.query<{ id: number }>(
    `INSERT INTO feeds (url, outlet, country, language, kind, origin, poll_interval_sec, next_poll_at)
     SELECT url, outlet, 'INT', language, 'independent', 'cli', $4, now() + interval '1 day'
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS f(url, outlet, language, n)
     ORDER BY n
     RETURNING id`,
    [
      feeds.map((feed) => host.url(feed.name)),
      feeds.map((feed) => feed.name),
      feeds.map((feed) => feed.language),
      QUIET_INTERVAL_SEC,
    ],
  );
  return rows.map((row) => Number(row.id));
}

async function waitForWorker(queue: Queue, worker: WorkerProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await queue.getWorkersCount()) === 0) {
    worker.assertAlive();
    if (Date.now() > deadline) throw new Error('the feed-poll worker did not connect within 60 s');
    await sleep(100);
  }
}

/**
 * Queues one manual poll per feed at once (as `stancewatch feeds poll` does, with ids of our own so two
 * rounds in one minute do not collapse) and waits until each has its feed_polls row.
 */
async function pollRound(
  { db }: BenchDatabase,
  queue: Queue<FeedPollJob>,
  worker: WorkerProcess,
  ids: number[],
  tag: string,
): Promise<Round> {
  const [{ last }] = await db.query<{ last: string }>(`SELECT coalesce(max(id), 0) AS last FROM feed_polls`);
  const jobs = ids.map((feedId) => ({
    name: FEED_POLL_JOB_NAME,
    data: { feedId, trigger: 'manual' as const },
    opts: { ...FEED_POLL_JOB_OPTIONS, jobId: `bench-${tag}-${feedId}` },
  }));
  const wallMs = await timed(async () => {
    await queue.addBulk(jobs);
    const deadline = Date.now() + ROUND_TIMEOUT_MS;
    for (;;) {
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM feed_polls WHERE id > $1`,
        [last],
      );
      if (n >= ids.length) return;
      worker.assertAlive();
      if (Date.now() > deadline) throw new Error(`round ${tag}: ${n} of ${ids.length} polls after 10 min`);
      await sleep(100);
    }
  });
  const [span] = await db.query<{ span_ms: number; polls: number; items_new: number; mean_ms: number }>(
    `SELECT extract(epoch FROM max(started_at + duration_ms * interval '1 ms') - min(started_at)) * 1000 AS span_ms,
       count(*)::int AS polls, sum(items_new)::int AS items_new, avg(duration_ms)::float8 AS mean_ms
     FROM feed_polls WHERE id > $1`,
    [last],
  );
  const outcomes = await db.query<{ outcome: string; n: number }>(
    `SELECT outcome || coalesce(' ' || http_status, '') AS outcome, count(*)::int AS n
     FROM feed_polls WHERE id > $1 GROUP BY 1`,
    [last],
  );
  return {
    spanMs: Number(span.span_ms),
    wallMs,
    polls: span.polls,
    itemsNew: span.items_new,
    meanPollMs: span.mean_ms,
    outcomes: Object.fromEntries(outcomes.map((row) => [row.outcome, row.n])),
  };
}

/**
 * The same URLs fetched directly, `concurrency` at once: GET with the body read, then GET with
 * If-None-Match. A pass takes well under a second, so each is the median of BASELINE_PASSES.
 */
async function baseline(
  urls: string[],
  concurrency: number,
): Promise<{ plainPerMinute: number; conditionalPerMinute: number }> {
  const etags = new Map<string, string>();
  const plain = async (url: string) => {
    const response = await fetch(url);
    await response.arrayBuffer();
    etags.set(url, response.headers.get('etag') ?? '');
  };
  const conditional = async (url: string) => {
    const response = await fetch(url, { headers: { 'If-None-Match': etags.get(url) ?? '' } });
    await response.arrayBuffer();
    if (response.status !== 304) throw new Error(`${url}: ${response.status} to a matching If-None-Match`);
  };
  const passes = { plain: [] as number[], conditional: [] as number[] };
  for (let pass = 0; pass < BASELINE_PASSES; pass += 1) {
    passes.plain.push(perMinute(urls.length, await timed(() => eachConcurrently(urls, concurrency, plain))));
    passes.conditional.push(
      perMinute(urls.length, await timed(() => eachConcurrently(urls, concurrency, conditional))),
    );
  }
  return {
    plainPerMinute: summarize(passes.plain).median,
    conditionalPerMinute: summarize(passes.conditional).median,
  };
}

async function eachConcurrently<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

function check(round: Round, feeds: GeneratedFeed[], expected: 'ok' | 'not-modified'): string[] {
  const warnings = Object.entries(round.outcomes)
    .filter(([outcome]) => !outcome.startsWith(expected))
    .map(([outcome, n]) => `polling: ${n} polls ended "${outcome}" in a round expecting ${expected}`);
  const items = expected === 'ok' ? feeds.reduce((sum, feed) => sum + feed.itemCount, 0) : 0;
  if (round.itemsNew !== items)
    warnings.push(`polling: a round expecting ${items} new items stored ${round.itemsNew}`);
  return warnings;
}

const perMinute = (count: number, ms: number) => (count * 60_000) / ms;
