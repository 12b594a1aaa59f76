/**
 * `npm run bench [-- --quick] [-- --section trends,alerts [--write]] [-- --pg postgres://user@host:port]
 * [-- --redis redis://host:port]`: the whole
 * system on this machine. Parsing (and parsing hostile feeds beside well-formed ones of the same size),
 * storing articles, inference (in-process and through the classify queue), feed polling and
 * item-to-API latency, the daily one-year trend through the API, and alert rule evaluation; each
 * figure a median over runs with its spread and a baseline measured in the same runs, and each
 * measurement again at 4× and 16× its data. Prints the Markdown report and writes
 * bench/results/latest.{json,md}, and the summary table into README.md between its markers. It
 * reports; it never fails on time. `--section` runs only the named sections (parse, hostile, ingest,
 * inference, training, queue, polling, alerts, trends) and prints the last full report with them in place;
 * `--write` also writes that back (latest.json, latest.md, the README's summary).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { projectRoot } from '../libs/db/src/index.js';
import { defaultLens, loadLenses, type Lens } from '../libs/lens/src/index.js';
import { ALERTS_PLANS, benchAlerts } from './alerts-throughput.js';
import { createBenchDatabase, type BenchDatabase } from './bench-database.js';
import { startFeedHost } from './feed-host.js';
import { generateFeeds, type GeneratedFeed } from './generate-feeds.js';
import { GROWTH_FACTORS, type Growth } from './growth.js';
import { alertsGrowth, pollingGrowth, trendGrowth } from './growth-sources.js';
import { benchHostileParse, HOSTILE_PLANS, sizeLabel } from './hostile-parse.js';
import { benchInference } from './inference-throughput.js';
import { benchIngest } from './ingest-throughput.js';
import { benchParse, type ParseBenchResult } from './parse-throughput.js';
import { benchPollingSection } from './polling-section.js';
import { benchQueue, type QueueDetails } from './queue-throughput.js';
import { markdown, type BenchReport } from './report.js';
import { readResults, withGrowth, writeResults } from './results-file.js';
import { summarize, type Figure } from './stats.js';
import { benchArticles, classifyInputs } from './texts.js';
import { benchTrends, type TrendPlan } from './trend-benchmark.js';
import { benchTraining } from './training-throughput.js';

/**
 * Base sizes: every growth measurement runs at 1×, 4× and 16× of its base. Quick is a smoke run
 * (under 3 minutes here); full is what the README quotes.
 */
const PLANS = {
  quick: {
    parse: { baseFeeds: 4, runs: 3 },
    ingest: { baseFeeds: 1, runs: 2 },
    inference: { texts: 64, runs: 3, batchSizes: [8, 32], threads: [1, 2], growthBaseTexts: 16 },
    queue: { baseArticles: 32, runs: 2 },
    training: { labels: 250, scoringTexts: 64, runs: 1 },
    trends: {
      sizes: [2_000, 8_000, 32_000],
      requests: 10,
      rawRuns: 3,
      loadConnections: 10,
      loadSec: 1,
    } as TrendPlan,
  },
  full: {
    parse: { baseFeeds: 25, runs: 5 },
    ingest: { baseFeeds: 3, runs: 5 },
    inference: { texts: 512, runs: 7, batchSizes: [8, 32, 64], threads: [1, 2], growthBaseTexts: 64 },
    queue: { baseArticles: 128, runs: 5 },
    training: { labels: 1_000, scoringTexts: 256, runs: 3 },
    trends: {
      sizes: [62_500, 250_000, 1_000_000],
      requests: 50,
      rawRuns: 10,
      loadConnections: 10,
      loadSec: 10,
    } as TrendPlan,
  },
};
type Plan = (typeof PLANS)['full'];
/** The default CLASSIFY_BATCH_SIZE: the queue runs at it, and growth of inference is measured at it. */
const DEFAULT_BATCH = 32;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const pgServer = option('--pg', 'postgres://postgres@127.0.0.1:5432');
const redisUrl = option('--redis', 'redis://127.0.0.1:6379');
const plan: Plan = quick ? PLANS.quick : PLANS.full;
const hostilePlan = HOSTILE_PLANS[quick ? 'quick' : 'full'];
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
const sized = (base: number) => GROWTH_FACTORS.map((factor) => ({ factor, size: base * factor }));

/** The sections, in the order a full run measures them; `--section` picks some. */
const SECTIONS = [
  'parse',
  'hostile',
  'ingest',
  'inference',
  'training',
  'queue',
  'polling',
  'alerts',
  'trends',
] as const;
type Section = (typeof SECTIONS)[number];
const chosen = chosenSections(option('--section', ''));

/** `--section trends,alerts`: those sections alone; none named, all of them. A name not known is a usage error. */
function chosenSections(list: string): Set<Section> {
  if (!list) return new Set(SECTIONS);
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    process.stderr.write(
      `bench: --section ${unknown.join(',') || list}: expected one or more of ${SECTIONS.join(', ')}, comma-separated\n`,
    );
    process.exit(2);
  }
  return new Set(names as Section[]);
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']); // the poller logs every poll
  const startedAt = new Date();
  const lens = benchLens();
  const feeds = generateFeeds({ feeds: plan.parse.baseFeeds * 16 });
  const growths: Growth[] = [];
  const sectionSec: Record<string, number> = {};
  const section = async <T>(name: Section, work: () => Promise<T>): Promise<T | undefined> => {
    if (!chosen.has(name)) return undefined;
    const start = performance.now();
    try {
      return await work();
    } finally {
      sectionSec[name] = (performance.now() - start) / 1000;
    }
  };

  const parse = await section('parse', () => parseAtEachSize(feeds, growths));
  const hostile = await section('hostile', () => benchHostileParse(hostilePlan, progress));
  const target = await createBenchDatabase(pgServer);
  const dropOnSignal = () => void target.drop().finally(() => process.exit(130));
  process.once('SIGINT', dropOnSignal).once('SIGTERM', dropOnSignal);
  // The built-in models are generated here, as a fresh install would, and read with remote models off.
  const modelCache = mkdtempSync(join(os.tmpdir(), 'stancewatch-bench-models-'));
  let report: BenchReport;
  try {
    const postgres = await serverVersion(target);
    const ingest = await section('ingest', () => ingestAtEachSize(target, feeds, growths));
    const inference = await section('inference', () => inferenceAtEachSize(modelCache, growths));
    const training = await section('training', () =>
      benchTraining({ ...plan.training, cacheDir: modelCache, progress }),
    );
    const queue = await section('queue', () => queueAtEachSize(target, modelCache, growths));
    const polling = await section('polling', () =>
      benchPollingSection({
        target,
        redisUrl,
        cacheDir: modelCache,
        lens,
        quick,
        progress,
        command: command(),
      }),
    );
    if (polling) growths.push(...pollingGrowth(polling));
    const alerts = await section('alerts', () =>
      benchAlerts({ target, ...ALERTS_PLANS[quick ? 'quick' : 'full'], progress }),
    );
    if (alerts) growths.push(...alertsGrowth(alerts));
    const fresh: BenchReport = {
      command: command(),
      startedAt: startedAt.toISOString(),
      durationSec: 0,
      machine: machine(postgres),
      workload: workload(feeds),
      figures: [parse, ingest, inference, training, queue].flatMap((part) => part?.figures ?? []),
      parseMicrosPerItem: parse?.microsPerItem ?? {},
      inference: inference?.details,
      queue: queue?.details,
      polling,
      alerts,
      hostile,
      growth: growths,
      sectionSec,
      warnings: [parse, ingest, polling, alerts].flatMap((part) => part?.warnings ?? []),
    };
    report = fresh;
  } finally {
    process.off('SIGINT', dropOnSignal).off('SIGTERM', dropOnSignal);
    await target.drop();
    rmSync(modelCache, { recursive: true, force: true });
  }
  // After the database above is dropped: the trend benchmark makes its own (same name) and its own API.
  report.trends = await section('trends', () =>
    benchTrends({ pgServer, redisUrl, lens: lens.name, plan: plan.trends, progress }),
  );
  if (report.trends) growths.push(...trendGrowth(report.trends));
  report.durationSec = (Date.now() - startedAt.getTime()) / 1000;
  if (chosen.size === SECTIONS.length) {
    process.stdout.write(await writeResults(report, progress));
    return;
  }
  // Some sections: they take their place in the last full report, which is printed (and with
  // --write written back, the README's summary included).
  const merged = withSections(readResults(), report, chosen);
  const text = args.includes('--write') ? await writeResults(merged, progress) : markdown(merged);
  process.stdout.write(text);
}

/** The last full report with the sections of `fresh` in place of its own. */
function withSections(last: BenchReport, fresh: BenchReport, sections: Set<Section>): BenchReport {
  const ran = (id: string) => [...sections].some((name) => id === name || id.startsWith(`${name}.`));
  const merged: BenchReport = {
    ...last,
    command: `${last.command}, then ${fresh.command} on ${fresh.startedAt.slice(0, 10)}`,
    figures: [...last.figures.filter((figure) => !ran(figure.id)), ...fresh.figures],
    growth: withGrowth(last.growth, fresh.growth ?? []),
    sectionSec: { ...last.sectionSec, ...fresh.sectionSec },
    warnings: [...new Set([...last.warnings, ...fresh.warnings])],
  };
  if (sections.has('parse')) merged.parseMicrosPerItem = fresh.parseMicrosPerItem;
  for (const name of ['inference', 'queue', 'polling', 'alerts', 'hostile', 'trends'] as const)
    if (sections.has(name)) Object.assign(merged, { [name]: fresh[name] });
  return merged;
}

const command = () => {
  const flags = [quick && '--quick', chosen.size < SECTIONS.length && `--section ${[...chosen].join(',')}`];
  const given = flags.filter(Boolean).join(' ');
  return `npm run bench${given ? ` -- ${given}` : ''}`;
};

/** Parsing at 1×, 4×, 16× the feeds; the report's parse figures are the largest step's. */
async function parseAtEachSize(feeds: GeneratedFeed[], growths: Growth[]): Promise<ParseBenchResult> {
  let largest: ParseBenchResult | undefined;
  const steps: Growth['steps'] = [];
  for (const { factor, size } of sized(plan.parse.baseFeeds)) {
    progress(`parse: ${size} feeds`);
    const slice = feeds.slice(0, size);
    largest = await benchParse(slice, plan.parse.runs, progress);
    const items = itemCount(slice);
    steps.push({ factor, size: items, costMs: costOf(find(largest.figures, 'parse.wholePath'), items) });
  }
  growths.push({
    id: 'parse',
    measurement: 'decode + parse + normalise, all items once',
    grows: 'items (feeds × ~50)',
    kind: 'total',
    steps,
  });
  return largest!;
}

/** Storing articles at 1×, 4×, 16× the feeds (concurrency 4); concurrency 1 too at the largest. */
async function ingestAtEachSize(
  target: BenchDatabase,
  feeds: GeneratedFeed[],
  growths: Growth[],
): Promise<{ figures: Figure[]; warnings: string[] }> {
  const host = await startFeedHost(feeds.slice(0, plan.ingest.baseFeeds * 16));
  try {
    const steps: Growth['steps'] = [];
    const seenSteps: Growth['steps'] = [];
    let largest: { figures: Figure[]; warnings: string[] } | undefined;
    for (const { factor, size } of sized(plan.ingest.baseFeeds)) {
      progress(`ingest: ${size} feeds`);
      const slice = feeds.slice(0, size);
      largest = await benchIngest({
        target,
        host,
        feeds: slice,
        runs: plan.ingest.runs,
        concurrencies: factor === 16 ? [1, 4] : [4],
        progress,
      });
      const items = itemCount(slice);
      steps.push({ factor, size: items, costMs: costOf(find(largest.figures, 'ingest.c4.new'), items) });
      seenSteps.push({ factor, size: items, costMs: costOf(find(largest.figures, 'ingest.c4.seen'), items) });
    }
    growths.push(
      {
        id: 'ingest.new',
        measurement: 'feeds → new article rows (poll, parse, store), concurrency 4',
        grows: 'items (feeds × ~50)',
        kind: 'total',
        steps,
      },
      {
        id: 'ingest.seen',
        measurement: 'second poll of the same feeds, every item already stored',
        grows: 'items (feeds × ~50)',
        kind: 'total',
        steps: seenSteps,
      },
    );
    return largest!;
  } finally {
    await host.close();
  }
}

/** The batch size × thread matrix on the plan's texts, then the default batch at 1×, 4×, 16× the texts. */
async function inferenceAtEachSize(cacheDir: string, growths: Growth[]) {
  const p = plan.inference;
  const largestSize = p.growthBaseTexts * 16;
  const articles = benchArticles(Math.max(p.texts, largestSize));
  const matrix = await benchInference({
    inputs: classifyInputs(articles.slice(0, p.texts)),
    runs: p.runs,
    batchSizes: p.batchSizes,
    threads: p.threads,
    cacheDir,
    progress,
  });
  const steps: Growth['steps'] = [];
  const stockSteps: Growth['steps'] = [];
  for (const { factor, size } of sized(p.growthBaseTexts)) {
    progress(`inference: ${size} texts, batch ${DEFAULT_BATCH}`);
    const step = await benchInference({
      inputs: classifyInputs(articles.slice(0, size)),
      runs: p.runs,
      batchSizes: [DEFAULT_BATCH],
      threads: [1],
      cacheDir,
      progress,
    });
    const batched = find(step.figures, `inference.t1.b${DEFAULT_BATCH}`);
    steps.push({ factor, size, costMs: costOf(batched, size) });
    stockSteps.push({ factor, size, costMs: costOf(batched.baseline.value.samples, size) });
  }
  growths.push(
    {
      id: 'inference.batched',
      measurement: `batched zero-shot, batch ${DEFAULT_BATCH}, 1 ORT thread`,
      grows: 'texts',
      kind: 'total',
      steps,
    },
    {
      id: 'inference.stock',
      measurement: 'stock zero-shot pipeline, 1 ORT thread',
      grows: 'texts',
      kind: 'total',
      steps: stockSteps,
    },
  );
  return matrix;
}

/** Through the queue at 1×, 4×, 16× the articles; the report's queue figure is the largest step's. */
async function queueAtEachSize(
  target: BenchDatabase,
  cacheDir: string,
  growths: Growth[],
): Promise<{ figures: Figure[]; details: QueueDetails }> {
  const base = plan.queue.baseArticles;
  const articles = benchArticles(base * 16);
  const steps: Growth['steps'] = [];
  let largest: { figures: Figure[]; details: QueueDetails } | undefined;
  for (const { factor, size } of sized(base)) {
    progress(`queue: ${size} articles`);
    largest = await benchQueue({
      target,
      redisUrl,
      articles: articles.slice(0, size),
      runs: plan.queue.runs,
      batchSize: DEFAULT_BATCH,
      cacheDir,
      progress,
    });
    steps.push({ factor, size, costMs: largest.details.wallMs });
  }
  growths.push({
    id: 'queue',
    measurement: `enqueue → scores in PostgreSQL, 1 worker, batch ${DEFAULT_BATCH}`,
    grows: 'articles',
    kind: 'total',
    steps,
  });
  return largest!;
}

const itemCount = (feeds: GeneratedFeed[]) => feeds.reduce((sum, feed) => sum + feed.itemCount, 0);

function find(figures: Figure[], id: string): Figure {
  const found = figures.find((f) => f.id === id);
  if (!found) throw new Error(`no figure ${id} among ${figures.map((f) => f.id).join(', ')}`);
  return found;
}

/** Milliseconds for `units` at each run's rate (units per second). */
function costOf(rates: Figure | number[], units: number) {
  const samples = Array.isArray(rates) ? rates : rates.value.samples;
  return summarize(samples.map((rate) => (units / rate) * 1000));
}

function benchLens(): Lens {
  const lenses = loadLenses(join(projectRoot(), 'config', 'lenses.json'));
  return defaultLens(lenses) ?? lenses[0];
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

function workload(feeds: GeneratedFeed[]): BenchReport['workload'] {
  const share = (pick: (feed: GeneratedFeed) => boolean) =>
    `${Math.round((100 * feeds.filter(pick).length) / feeds.length)}%`;
  const steps = (base: number) =>
    sized(base)
      .map((s) => s.size.toLocaleString('en-US'))
      .join('/');
  return {
    'parse feeds': steps(plan.parse.baseFeeds),
    'parse items at 16×': itemCount(feeds),
    'MiB at 16×': (feeds.reduce((sum, feed) => sum + feed.bytes.length, 0) / 2 ** 20).toFixed(1),
    Atom: share((feed) => feed.format === 'atom'),
    'ru/zh': `${share((feed) => feed.language === 'ru')}/${share((feed) => feed.language === 'zh')}`,
    'windows-1251/GBK': `${share((feed) => feed.encoding === 'windows-1251')}/${share((feed) => feed.encoding === 'gbk')}`,
    'parse runs': plan.parse.runs,
    'ingest feeds': steps(plan.ingest.baseFeeds),
    'ingest runs': plan.ingest.runs,
    'inference texts (en/ru/zh ≈ 50/30/20%)': plan.inference.texts,
    'inference growth texts': steps(plan.inference.growthBaseTexts),
    'inference runs': plan.inference.runs,
    'queue articles': steps(plan.queue.baseArticles),
    'queue runs': plan.queue.runs,
    'alert rules': ALERTS_PLANS[quick ? 'quick' : 'full'].ruleCounts.join('/'),
    'hostile-parse documents': sized(hostilePlan.baseBytes)
      .map((s) => sizeLabel(s.size))
      .join('/'),
    'hostile-parse runs': hostilePlan.runs,
    'trend archive scores': plan.trends.sizes.map((s) => s.toLocaleString('en-US')).join('/'),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
