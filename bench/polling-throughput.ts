import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { jobOf, QueueName, redisConnection, type FeedPollJob } from '../libs/queue/src/index.js';
import type { BenchDatabase } from './bench-database.js';
import { obliterateQueues } from './bench-queues.js';
import { startConditionalFeedHost, type ConditionalFeedHost } from './conditional-feed-host.js';
import { generateFeeds, type GeneratedFeed } from './generate-feeds.js';
import { figure, summarize, timed, type Figure, type Spread } from './stats.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

export interface PollingPlan {
  /** Feed counts measured, smallest first: growth is reported against the first (1×). */
  feedCounts: number[];
  itemsPerFeed: { min: number; max: number };
  runs: number;
  /** FEED_POLL_CONCURRENCY of the worker, and the concurrency of the plain fetch loop. */
  concurrency: number;
}

export interface PollingOptions {
  /** Emptied at every round. */
  target: BenchDatabase;
  redisUrl: string;
  plan: PollingPlan;
  progress: (line: string) => void;
}

/** What one feed count measured, over the runs. */
export interface PollingCount {
  feeds: number;
  items: number;
  /** Polls per minute, per round: the round's polls over the span of its feed_polls rows. */
  missPollsPerMinute: Spread;
  hitPollsPerMinute: Spread;
  /** New articles stored per minute in the first round (from the same feed_polls timestamps). */
  missArticlesPerMinute: Spread;
  /** Enqueue to the last feed_polls row, seen from the bench process (s), per round. */
  missWallSec: Spread;
  hitWallSec: Spread;
  /** Mean duration_ms of one poll, per round. */
  missPollMs: Spread;
  hitPollMs: Spread;
  /**
   * The worker's time per poll (round span ÷ polls, the inverse of polls/min) over that at the first
   * count, run by run: 1 at the first count, ≈ 1 all along when the cost of a poll is flat.
   */
  missCostRatio: Spread;
  hitCostRatio: Spread;
  /** The same for the plain fetch loop's GETs (the server's and the machine's share of any growth). */
  plainCostRatio: Spread;
  conditionalCostRatio: Spread;
}

export interface PollingDetails {
  feedCounts: number[];
  itemsPerFeed: { min: number; max: number };
  runs: number;
  concurrency: number;
  maxPerHost: number;
  counts: PollingCount[];
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

/** One count in one run: both rounds and the baseline. */
interface Sample {
  miss: number;
  hit: number;
  plain: number;
  conditional: number;
  articles: number;
  missWall: number;
  hitWall: number;
  missPoll: number;
  hitPoll: number;
}

// All feeds share one host (127.0.0.1), so the per-host limit is lifted: the figure is the worker's.
const MAX_PER_HOST = 10_000;
// Longer than the benchmark: only the rounds it enqueues poll, never a feed's own scheduler.
const QUIET_INTERVAL_SEC = 86_400;
const ROUND_TIMEOUT_MS = 600_000;
const WARM_UP_FEEDS = 50;
const BASELINE_PASSES = 3;

/**
 * Feeds polled per minute by a real worker process (feed-poll queue only) against a local server with
 * ETag and Last-Modified, at each feed count of the plan: a first round where every feed is new (200,
 * items stored), then a round of conditional GETs (304). Baseline in the same run: the same GETs from a
 * plain concurrent fetch loop. The feeds of a smaller count are the first ones of the larger.
 */
export async function benchPolling(
  opts: PollingOptions,
): Promise<{ figures: Figure[]; details: PollingDetails; warnings: string[] }> {
  const { target, plan } = opts;
  const counts = [...plan.feedCounts];
  const feeds = generateFeeds({ feeds: Math.max(...counts), itemsPerFeed: plan.itemsPerFeed });
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
    const warmUp = await registerFeeds(target, feeds.slice(0, WARM_UP_FEEDS), host);
    worker = startWorker(workerEnvironment(target.url, opts.redisUrl, prefix, plan.concurrency));
    await waitForWorker(queue, worker);
    opts.progress(`polling: worker connected, warming up on ${warmUp.length} feeds`);
    await pollRound(target, queue, worker, warmUp, 'warm-miss');
    await pollRound(target, queue, worker, warmUp, 'warm-hit');
    // Its warm-up too, over the smallest count's URLs: the first pass opens the connections and compiles.
    await baseline(urls.slice(0, counts[0]), plan.concurrency);

    const samples = new Map<number, Sample[]>(counts.map((n) => [n, []]));
    for (let run = 0; run < plan.runs; run += 1) {
      // Smallest first, then largest first: no count always runs on a warmer (or busier) machine.
      const order = run % 2 === 0 ? counts : [...counts].reverse();
      for (const [i, n] of order.entries()) {
        const measured = await measureCount(target, queue, worker, feeds.slice(0, n), urls.slice(0, n), {
          host,
          concurrency: plan.concurrency,
          tag: `run${run}-${n}`,
          baselineFirst: (run + i) % 2 === 0, // alternate, as above
        });
        warnings.push(...measured.warnings);
        samples.get(n)!.push(measured.sample);
        const s = measured.sample;
        opts.progress(
          `polling run ${run + 1}/${plan.runs}, ${n} feeds: ${Math.round(s.miss)} polls/min new, ` +
            `${Math.round(s.hit)} polls/min 304; plain fetch ${Math.round(s.plain)} GETs/min`,
        );
      }
    }
    const first = samples.get(counts[0])!;
    const perCount = counts.map((n) => summarizeCount(n, feeds.slice(0, n), samples.get(n)!, first));
    return {
      figures: counts.flatMap((n) => countFigures(n, plan.concurrency, samples.get(n)!)),
      details: {
        feedCounts: counts,
        itemsPerFeed: plan.itemsPerFeed,
        runs: plan.runs,
        concurrency: plan.concurrency,
        maxPerHost: MAX_PER_HOST,
        counts: perCount,
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

/** Both rounds over `feeds` (registered afresh) and the plain fetch baseline of their URLs. */
async function measureCount(
  target: BenchDatabase,
  queue: Queue<FeedPollJob>,
  worker: WorkerProcess,
  feeds: GeneratedFeed[],
  urls: string[],
  o: { host: ConditionalFeedHost; concurrency: number; tag: string; baselineFirst: boolean },
): Promise<{ sample: Sample; warnings: string[] }> {
  const ids = await registerFeeds(target, feeds, o.host);
  const before = o.baselineFirst ? await baseline(urls, o.concurrency) : null;
  const miss = await pollRound(target, queue, worker, ids, `${o.tag}-miss`);
  const hit = await pollRound(target, queue, worker, ids, `${o.tag}-hit`);
  const base = before ?? (await baseline(urls, o.concurrency));
  return {
    sample: {
      miss: perMinute(miss.polls, miss.spanMs),
      hit: perMinute(hit.polls, hit.spanMs),
      plain: base.plainPerMinute,
      conditional: base.conditionalPerMinute,
      articles: perMinute(miss.itemsNew, miss.spanMs),
      missWall: miss.wallMs / 1000,
      hitWall: hit.wallMs / 1000,
      missPoll: miss.meanPollMs,
      hitPoll: hit.meanPollMs,
    },
    warnings: [...check(miss, feeds, 'ok'), ...check(hit, feeds, 'not-modified')],
  };
}

/** A count's spreads, and its cost per poll over the first count's, run by run (a rate's inverse). */
function summarizeCount(n: number, feeds: GeneratedFeed[], runs: Sample[], first: Sample[]): PollingCount {
  const of = (pick: (s: Sample) => number) => summarize(runs.map(pick));
  const costRatio = (pick: (s: Sample) => number) =>
    summarize(runs.map((s, run) => pick(first[run]) / pick(s)));
  return {
    feeds: n,
    items: feeds.reduce((sum, feed) => sum + feed.itemCount, 0),
    missPollsPerMinute: of((s) => s.miss),
    hitPollsPerMinute: of((s) => s.hit),
    missArticlesPerMinute: of((s) => s.articles),
    missWallSec: of((s) => s.missWall),
    hitWallSec: of((s) => s.hitWall),
    missPollMs: of((s) => s.missPoll),
    hitPollMs: of((s) => s.hitPoll),
    missCostRatio: costRatio((s) => s.miss),
    hitCostRatio: costRatio((s) => s.hit),
    plainCostRatio: costRatio((s) => s.plain),
    conditionalCostRatio: costRatio((s) => s.conditional),
  };
}

function countFigures(n: number, concurrency: number, runs: Sample[]): Figure[] {
  const feeds = n.toLocaleString('en-US');
  const label = `${feeds} URLs, ${concurrency} at once`;
  const of = (pick: (s: Sample) => number) => runs.map(pick);
  return [
    figure(
      `polling.miss.${n}`,
      `worker polls, ${feeds} feeds, first round (all new: 200, items stored), concurrency ${concurrency}`,
      'polls/min',
      of((s) => s.miss),
      `plain fetch loop, GET and read the body, ${label}`,
      of((s) => s.plain),
    ),
    figure(
      `polling.hit.${n}`,
      `worker polls, ${feeds} feeds, conditional GET round (all 304), concurrency ${concurrency}`,
      'polls/min',
      of((s) => s.hit),
      `plain fetch loop, GET with If-None-Match (304), ${label}`,
      of((s) => s.conditional),
    ),
  ];
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
  const jobs = ids.map((feedId) =>
    jobOf('feedPoll', { feedId, trigger: 'manual' }, { jobId: `bench-${tag}-${feedId}` }),
  );
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
