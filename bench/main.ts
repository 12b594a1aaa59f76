/**
 * `npm run bench [-- --quick] [-- --pg postgres://user@host:port] [-- --redis redis://host:port]`: throughput
 * of the ingestion path and of inference (in-process and through the classify queue), each figure a median over runs with its spread and a baseline measured in the same runs;
 * then trend latency through the API over a growing synthetic archive, against the raw query. Prints a
 * Markdown table and writes bench/results/latest.{json,md}. It reports; it never fails on time.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { projectRoot } from '../libs/db/src/index.js';
import { defaultLens, loadLenses } from '../libs/feeds/src/lens.js';
import { createBenchDatabase, type BenchDatabase } from './bench-database.js';
import { startFeedHost } from './feed-host.js';
import { generateFeeds } from './generate-feeds.js';
import { benchInference } from './inference-throughput.js';
import { benchIngest } from './ingest-throughput.js';
import { benchParse } from './parse-throughput.js';
import { benchQueue } from './queue-throughput.js';
import { markdown, type BenchReport } from './report.js';
import { benchArticles, classifyInputs } from './texts.js';
import { benchTrends, type TrendPlan } from './trend-benchmark.js';

const PLANS = {
  quick: {
    parseFeeds: 120,
    parseRuns: 7,
    ingestFeeds: 12,
    ingestRuns: 5,
    inferenceTexts: 128,
    inferenceRuns: 5,
    queueArticles: 512,
    queueRuns: 5,
    trends: { sizes: [100_000], requests: 15, rawRuns: 5, loadConnections: 10, loadSec: 5 } as TrendPlan,
  },
  full: {
    parseFeeds: 400,
    parseRuns: 15,
    ingestFeeds: 40,
    ingestRuns: 9,
    inferenceTexts: 512,
    inferenceRuns: 9,
    queueArticles: 2048,
    queueRuns: 7,
    trends: {
      sizes: [250_000, 1_000_000],
      requests: 50,
      rawRuns: 10,
      loadConnections: 10,
      loadSec: 10,
    } as TrendPlan,
  },
};
const BATCH_SIZES = [8, 32, 64];
const THREADS = [1, 2];
const QUEUE_BATCH = 32; // the default CLASSIFY_BATCH_SIZE

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const pgServer = args.includes('--pg')
  ? args[args.indexOf('--pg') + 1]
  : 'postgres://postgres@127.0.0.1:5432';
const redisUrl = args.includes('--redis') ? args[args.indexOf('--redis') + 1] : 'redis://127.0.0.1:6379';
const plan = quick ? PLANS.quick : PLANS.full;
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  Logger.overrideLogger(['error']); // the poller logs every poll
  const startedAt = new Date();
  const feeds = generateFeeds({ feeds: plan.parseFeeds });
  const parse = await benchParse(feeds, plan.parseRuns, progress);

  const ingestFeeds = feeds.slice(0, plan.ingestFeeds);
  const target = await createBenchDatabase(pgServer);
  const dropOnSignal = () => void target.drop().finally(() => process.exit(130));
  process.once('SIGINT', dropOnSignal).once('SIGTERM', dropOnSignal);
  const host = await startFeedHost(ingestFeeds);
  // The built-in models are generated here, as a fresh install would, and read with remote models off.
  const modelCache = mkdtempSync(join(os.tmpdir(), 'stancewatch-bench-models-'));
  const articles = benchArticles(Math.max(plan.inferenceTexts, plan.queueArticles));
  let report: BenchReport;
  try {
    const postgres = await serverVersion(target);
    const ingest = await benchIngest({
      target,
      host,
      feeds: ingestFeeds,
      runs: plan.ingestRuns,
      concurrencies: [1, 4],
      progress,
    });
    const inference = await benchInference({
      inputs: classifyInputs(articles.slice(0, plan.inferenceTexts)),
      runs: plan.inferenceRuns,
      batchSizes: BATCH_SIZES,
      threads: THREADS,
      cacheDir: modelCache,
      progress,
    });
    const queue = await benchQueue({
      target,
      redisUrl,
      articles: articles.slice(0, plan.queueArticles),
      runs: plan.queueRuns,
      batchSize: QUEUE_BATCH,
      cacheDir: modelCache,
      progress,
    });
    report = {
      command: `npm run bench${quick ? ' -- --quick' : ''}`,
      startedAt: startedAt.toISOString(),
      durationSec: (Date.now() - startedAt.getTime()) / 1000,
      machine: machine(postgres),
      workload: workload(feeds, ingestFeeds),
      figures: [...parse.figures, ...ingest.figures, ...inference.figures, ...queue.figures],
      parseMicrosPerItem: parse.microsPerItem,
      inference: inference.details,
      queue: queue.details,
      warnings: [...parse.warnings, ...ingest.warnings],
    };
  } finally {
    process.off('SIGINT', dropOnSignal).off('SIGTERM', dropOnSignal);
    await host.close();
    await target.drop();
    rmSync(modelCache, { recursive: true, force: true });
  }
  // After the database above is dropped: the trend benchmark makes its own (same name) and its own API.
  report.trends = await benchTrends({
    pgServer,
    redisUrl,
    lens: lensName(),
    plan: plan.trends,
    progress,
  });
  report.durationSec = (Date.now() - startedAt.getTime()) / 1000;
  report.workload['trend archive scores'] = plan.trends.sizes.join(' → ');
  write(report);
}

function lensName(): string {
  const lenses = loadLenses(join(projectRoot(), 'config', 'lenses.json'));
  return defaultLens(lenses)?.name ?? lenses[0].name;
}

function machine(postgres: string): BenchReport['machine'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    postgres,
  };
}

async function serverVersion({ db }: BenchDatabase): Promise<string> {
  return (await db.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))[0].v;
}

function workload(
  feeds: ReturnType<typeof generateFeeds>,
  ingestFeeds: typeof feeds,
): BenchReport['workload'] {
  const count = (list: typeof feeds) => list.reduce((sum, feed) => sum + feed.itemCount, 0);
  const share = (pick: (feed: (typeof feeds)[number]) => boolean) =>
    `${Math.round((100 * feeds.filter(pick).length) / feeds.length)}%`;
  return {
    'parse feeds': feeds.length,
    'parse items': count(feeds),
    MiB: (feeds.reduce((sum, feed) => sum + feed.bytes.length, 0) / 2 ** 20).toFixed(1),
    Atom: share((feed) => feed.format === 'atom'),
    'ru/zh': `${share((feed) => feed.language === 'ru')}/${share((feed) => feed.language === 'zh')}`,
    'windows-1251/GBK': `${share((feed) => feed.encoding === 'windows-1251')}/${share((feed) => feed.encoding === 'gbk')}`,
    'parse runs': plan.parseRuns,
    'ingest feeds': ingestFeeds.length,
    'ingest items': count(ingestFeeds),
    'ingest runs per concurrency': plan.ingestRuns,
    'inference texts (en/ru/zh ≈ 50/30/20%)': plan.inferenceTexts,
    'inference runs': plan.inferenceRuns,
    'queue articles per run': plan.queueArticles,
    'queue runs': plan.queueRuns,
  };
}

function write(report: BenchReport): void {
  const dir = join(projectRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const table = markdown(report);
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(dir, 'latest.md'), table);
  process.stdout.write(table);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
