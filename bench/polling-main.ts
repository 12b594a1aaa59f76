/**
 * `node dist/bench/polling-main.js [--quick] [--pg URL] [--redis URL] [--write]`: feeds polled per minute by a
 * worker process against 1×, 4× and 16× local feeds (quick 63 → 1,000, full 250 → 4,000; new items, then
 * 304s), against a plain fetch loop, with how the cost of a poll grows; and the time from an item
 * appearing in a feed to its scores in the API (p50, p95). Prints its section; with `--write` it puts
 * this run's section (and its growth rows) into the last full report, bench/results/latest.json, and
 * renders latest.md and the README's summary from it again.
 * Overrides: --feeds N,N,N, --runs N, --items-per-feed N, --concurrency N, --interval SEC, --items N, --spread SEC.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../libs/db/src/index.js';
import { defaultLens, loadLenses } from '../libs/lens/src/index.js';
import { createBenchDatabase } from './bench-database.js';
import { pollingGrowth } from './growth-sources.js';
import type { LatencyPlan } from './item-latency.js';
import { pollingLines, type PollingSection } from './polling-report.js';
import { benchPollingSection } from './polling-section.js';
import type { PollingPlan } from './polling-throughput.js';
import { readResults, withGrowth, writeResults } from './results-file.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const quick = args.includes('--quick');
const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`bench: [${((performance.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

/** The flags given, as changes to the plan `benchPollingSection` picks. */
function overrides(): { polling: Partial<PollingPlan>; latency: Partial<LatencyPlan> } {
  const polling: Partial<PollingPlan> = {};
  const latency: Partial<LatencyPlan> = {};
  const number = (name: string) => (option(name) === undefined ? undefined : Number(option(name)));
  const feeds = option('--feeds');
  if (feeds !== undefined) polling.feedCounts = feeds.split(',').map(Number);
  const perFeed = number('--items-per-feed');
  if (perFeed !== undefined) polling.itemsPerFeed = { min: perFeed, max: perFeed };
  if (number('--runs') !== undefined) polling.runs = number('--runs');
  if (number('--concurrency') !== undefined) polling.concurrency = number('--concurrency');
  if (number('--items') !== undefined) latency.items = number('--items');
  if (number('--interval') !== undefined) latency.intervalSec = number('--interval');
  if (number('--spread') !== undefined) latency.spreadSec = number('--spread');
  return { polling, latency };
}

async function main(): Promise<void> {
  const target = await createBenchDatabase(option('--pg') ?? 'postgres://postgres@127.0.0.1:5432');
  const modelCache = mkdtempSync(join(os.tmpdir(), 'stancewatch-bench-models-'));
  const dropOnSignal = () => void target.drop().finally(() => process.exit(130));
  process.once('SIGINT', dropOnSignal).once('SIGTERM', dropOnSignal);
  let section: PollingSection;
  try {
    const lenses = loadLenses(join(projectRoot(), 'config', 'lenses.json'));
    section = await benchPollingSection({
      target,
      redisUrl: option('--redis') ?? 'redis://127.0.0.1:6379',
      cacheDir: modelCache,
      lens: defaultLens(lenses) ?? lenses[0],
      quick,
      progress,
      command: `node dist/bench/polling-main.js ${args.join(' ')}`.trim(),
      overrides: overrides(),
    });
  } finally {
    process.off('SIGINT', dropOnSignal).off('SIGTERM', dropOnSignal);
    await target.drop();
    rmSync(modelCache, { recursive: true, force: true });
  }
  const text = pollingLines(section).join('\n') + '\n';
  process.stdout.write(text);
  progress(
    `done in ${Math.round(section.durationSec)} s (polling ${Math.round(section.timings.pollingSec)} s, ` +
      `item latency ${Math.round(section.timings.latencySec)} s)`,
  );
  if (!args.includes('--write')) return;
  // The last full report with this section in place of its own, rendered again from the data.
  const report = readResults();
  report.polling = section;
  report.growth = withGrowth(report.growth, pollingGrowth(section));
  await writeResults(report, progress);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
