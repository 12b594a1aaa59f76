/**
 * `node dist/bench/trend-main.js [--sizes 100000,1000000] [--requests 15] [--raw-runs 5] [--load-sec 5]
 *   [--pg URL] [--redis URL] [--write]`: only the trend benchmark of `npm run bench`, for working on
 * the trend route without the ingestion and inference figures. Prints the trend section; with
 * `--write` it puts this run's section (and its growth rows) into the last full report,
 * bench/results/latest.json, and renders latest.md and the README's summary from it again.
 */
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { projectRoot } from '../libs/db/src/index.js';
import { defaultLens, loadLenses } from '../libs/lens/src/index.js';
import { trendGrowth } from './growth-sources.js';
import { readResults, withGrowth, writeResults } from './results-file.js';
import { benchTrends, type TrendPlan } from './trend-benchmark.js';
import { trendLines } from './trend-report.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;

const plan: TrendPlan = {
  sizes: option('--sizes', '100000').split(',').map(Number),
  requests: Number(option('--requests', '15')),
  rawRuns: Number(option('--raw-runs', '5')),
  loadConnections: 10,
  loadSec: Number(option('--load-sec', '5')),
};
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const lenses = loadLenses(join(projectRoot(), 'config', 'lenses.json'));
  const trends = await benchTrends({
    pgServer: option('--pg', 'postgres://postgres@127.0.0.1:5432'),
    redisUrl: option('--redis', 'redis://127.0.0.1:6379'),
    lens: defaultLens(lenses)?.name ?? lenses[0].name,
    plan,
    progress,
  });
  const section = trendLines(trends).join('\n') + '\n';
  process.stdout.write(section);
  if (!args.includes('--write')) return;
  // The last full report with this section in place of its own, rendered again from the data.
  const report = readResults();
  report.trends = trends;
  // The report says that its trend figures come from a later run of their own.
  const again = `node dist/bench/trend-main.js ${args.join(' ')}`;
  report.command = `${report.command.split('; trends from ')[0]}; trends from ${again} on ${new Date().toISOString().slice(0, 10)}`;
  report.growth = withGrowth(report.growth, trendGrowth(trends));
  await writeResults(report, progress);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
