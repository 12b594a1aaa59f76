import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { StanceModels, type ClassifyInput, type LensScorer } from '../libs/nlp/src/index.js';
import {
  JOBS,
  ClassifyProducer,
  QueueName,
  redisConnection,
  type ClassifyJob,
} from '../libs/queue/src/index.js';
import type { BenchDatabase } from './bench-database.js';
import {
  BENCH_LENS,
  benchLensHypotheses,
  builtinModelEnvironment,
  builtinModelSettings,
} from './bench-models.js';
import { figure, perSecond, summarize, timed, type Figure, type Spread } from './stats.js';
import { classifyInputs, type BenchArticle } from './texts.js';
import { startWorker, type WorkerProcess } from './worker-process.js';

export interface QueueBenchOptions {
  /** Emptied first: the worker must find nothing but the benchmark's articles. */
  target: BenchDatabase;
  redisUrl: string;
  /** Scored in every run (inserted afresh each run, so nothing is ever already scored). */
  articles: BenchArticle[];
  runs: number;
  batchSize: number;
  cacheDir: string;
  progress: (line: string) => void;
}

export interface QueueDetails {
  articles: number;
  runs: number;
  batchSize: number;
  /** Enqueue to last score, per run (ms). */
  wallMs: Spread;
  /** Sum of the worker's own job durations (read, score, store), per run (ms). */
  inJobsMs: Spread;
  /** The in-process scorer on the same texts, per run (ms). */
  rawMs: Spread;
  memory: { afterWarmUpMiB: number; afterRunsMiB: Spread; peakMiB: number };
}

const SCORED_TIMEOUT_MS = 180_000;
const POLL_MS = 50;

/**
 * Articles per second from enqueue (ClassifyProducer) to scores in Postgres through one real worker
 * process, against the raw model throughput (the same scorer in this process, same texts and batch
 * size) in the same runs. The worker's start-up and model loading are outside the timing.
 */
export async function benchQueue(
  opts: QueueBenchOptions,
): Promise<{ figures: Figure[]; details: QueueDetails }> {
  const { target, batchSize } = opts;
  await target.db.query(
    `TRUNCATE article_scores, feed_polls, feed_items, articles, stories, feeds RESTART IDENTITY CASCADE`,
  );
  const [{ id: feedId }] = await target.db.query<{ id: number }>(
    `INSERT INTO feeds (url, outlet, country, language, kind) VALUES ('https://wire.example/bench.rss', 'Bench Wire', 'INT', 'en', 'wire') RETURNING id`,
  );
  const env = {
    DATABASE_URL: target.url,
    REDIS_URL: opts.redisUrl,
    QUEUE_PREFIX: `swbench-${process.pid}-${randomBytes(3).toString('hex')}`,
    WORKER_QUEUES: 'classify',
    MIGRATE_ON_START: 'false',
    SEED_FEEDS_ON_START: 'false',
    ...builtinModelEnvironment(opts.cacheDir, 1, batchSize),
  };
  const queue = new Queue<ClassifyJob>(QueueName.Classify, {
    connection: redisConnection(opts.redisUrl),
    prefix: env.QUEUE_PREFIX,
  });
  const producer = new ClassifyProducer(queue, batchSize);
  const models = new StanceModels(builtinModelSettings(opts.cacheDir, 1, batchSize));
  // Loaded (and the built-in models generated, if missing) before the worker starts on the same cache.
  const scorer = await models.scorer(benchLensHypotheses());
  const worker = startWorker(env);
  try {
    const inputs = classifyInputs(opts.articles);
    await warmUp(opts, worker, producer, queue, feedId, scorer, inputs);
    const afterWarmUpMiB = worker.memory().rssMiB;
    const samples = {
      queue: [] as number[],
      raw: [] as number[],
      wall: [] as number[],
      inJobs: [] as number[],
      rawMs: [] as number[],
      rss: [] as number[],
    };
    for (let run = 0; run < opts.runs; run += 1) {
      const ids = await insertArticles(target, feedId, opts.articles, `run-${run}`);
      const rawFirst = run % 2 === 1; // alternate, so neither side always runs on a warmer machine
      const rawMs = rawFirst ? await rawScore(scorer, inputs, batchSize) : 0;
      const jobsBefore = worker.jobs.length;
      const wallMs = await throughQueue(target, worker, producer, ids, batchSize);
      const inJobs = worker.jobs.slice(jobsBefore).reduce((sum, job) => sum + job.durationMs, 0);
      const raw = rawFirst ? rawMs : await rawScore(scorer, inputs, batchSize);
      samples.queue.push(perSecond(ids.length, wallMs));
      samples.raw.push(perSecond(inputs.length, raw));
      samples.wall.push(wallMs);
      samples.inJobs.push(inJobs);
      samples.rawMs.push(raw);
      samples.rss.push(worker.memory().rssMiB);
      opts.progress(
        `queue run ${run + 1}/${opts.runs}: ${Math.round(samples.queue[run])} articles/s through the queue, raw model ${Math.round(samples.raw[run])} texts/s`,
      );
    }
    const figures = [
      figure(
        `queue.b${batchSize}`,
        `enqueue → scores in Postgres, 1 worker process, batch ${batchSize}`,
        'articles/s',
        samples.queue,
        `StanceModels scorer in-process, same texts, batch ${batchSize}`,
        samples.raw,
      ),
    ];
    const details: QueueDetails = {
      articles: opts.articles.length,
      runs: opts.runs,
      batchSize,
      wallMs: summarize(samples.wall),
      inJobsMs: summarize(samples.inJobs),
      rawMs: summarize(samples.rawMs),
      memory: {
        afterWarmUpMiB: afterWarmUpMiB,
        afterRunsMiB: summarize(samples.rss),
        peakMiB: worker.memory().peakMiB,
      },
    };
    return { figures, details };
  } finally {
    await worker.stop();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await models.dispose();
  }
}

/**
 * Lets the worker start, load its models and score one batch, then removes its backlog schedule
 * (a sweep would queue the benchmark's articles a second time, in other batches) and waits for the
 * queue to be idle.
 */
async function warmUp(
  opts: QueueBenchOptions,
  worker: WorkerProcess,
  producer: ClassifyProducer,
  queue: Queue<ClassifyJob>,
  feedId: number,
  scorer: LensScorer,
  inputs: ClassifyInput[],
): Promise<void> {
  const ids = await insertArticles(
    opts.target,
    feedId,
    opts.articles.slice(0, opts.batchSize * 2),
    'warm-up',
  );
  await throughQueue(opts.target, worker, producer, ids, opts.batchSize);
  await waitFor(async () => (await queue.getJobSchedulers()).length > 0, 10_000, worker);
  await queue.removeJobScheduler(JOBS.classifyBacklog.scheduler.id);
  await waitFor(
    async () => {
      const counts = await queue.getJobCounts('active', 'waiting', 'delayed', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    },
    30_000,
    worker,
  );
  await rawScore(scorer, inputs.slice(0, opts.batchSize * 2), opts.batchSize);
}

/**
 * Milliseconds from the enqueue of `ids` until the last of them has its scores: until the worker
 * logs its last job done (it logs after the job's scores are committed), without polling Postgres
 * meanwhile (polls on a 2-core machine take CPU from the worker); then checks that they are there.
 */
async function throughQueue(
  { db }: BenchDatabase,
  worker: WorkerProcess,
  producer: ClassifyProducer,
  ids: number[],
  batchSize: number,
): Promise<number> {
  const jobsBefore = worker.jobs.length;
  const jobs = Math.ceil(ids.length / batchSize);
  const start = performance.now();
  await producer.enqueue(BENCH_LENS, ids);
  await waitFor(() => worker.jobs.length - jobsBefore >= jobs, SCORED_TIMEOUT_MS, worker);
  const end = worker.jobs[jobsBefore + jobs - 1].at;
  const scored = async () => {
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM article_scores WHERE article_id = ANY($1::bigint[])`,
      [ids],
    );
    return n === ids.length;
  };
  if (!(await scored())) {
    // Not every job scored its articles (a retry?): fall back to polling, which is slower but true.
    await waitFor(scored, SCORED_TIMEOUT_MS, worker);
    return performance.now() - start;
  }
  return end - start;
}

/** The raw model: the scorer the worker uses, called once per batch as a job calls it. */
function rawScore(scorer: LensScorer, inputs: ClassifyInput[], batchSize: number): Promise<number> {
  return timed(async () => {
    for (let start = 0; start < inputs.length; start += batchSize)
      await scorer.score(inputs.slice(start, start + batchSize));
  });
}

/** Inserts the articles as relevant to the lens, as ingestion would have stored them; returns their ids in order. */
export async function insertArticles(
  { db }: BenchDatabase,
  feedId: number,
  articles: BenchArticle[],
  tag: string,
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
     SELECT $1, u.url, sha256(convert_to(u.url, 'UTF8')), u.title, u.summary, u.language, now() - u.i * interval '1 minute',
       'published', now(), jsonb_build_object($2::text, '["Moscow", "Beijing"]'::jsonb), true
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS u(url, title, summary, language, i)
     ORDER BY u.i
     RETURNING id`,
    [
      feedId,
      BENCH_LENS,
      articles.map((_, i) => `https://wire.example/${tag}/${i}`),
      articles.map((a) => a.title),
      articles.map((a) => a.summary),
      articles.map((a) => a.language),
    ],
  );
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  worker: WorkerProcess,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    worker.assertAlive();
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for the worker`);
    await sleep(POLL_MS);
  }
}
