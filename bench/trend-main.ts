/**
 * `node dist/bench/trend-main.js [--sizes 100000,1000000] [--requests 15] [--raw-runs 5] [--load-sec 5]
 *   [--pg URL] [--redis URL] [--write]`: only the trend benchmark of `npm run bench`, for working on
 * the trend route without the ingestion and inference figures. Prints the trend section; with
 * `--write` it replaces that section in bench/results/latest.{md,json} and keeps the rest.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { projectRoot } from '../libs/db/src/index.js';
import { defaultLens, loadLenses } from '../libs/feeds/src/lens.js';
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
  if (args.includes('--write')) replaceTrendSection(trends, section);
}

/** Swaps the trend section (from its heading to the end) of the last full report for this run's. */
function replaceTrendSection(trends: unknown, section: string): void {
  const dir = join(projectRoot(), 'bench', 'results');
  const md = join(dir, 'latest.md');
  const json = join(dir, 'latest.json');
  if (!existsSync(md) || !existsSync(json))
    throw new Error('no bench/results/latest.* to update: run npm run bench');
  const text = readFileSync(md, 'utf8');
  const start = text.indexOf('## Trends');
  const note = `<!-- trend section from \`node dist/bench/trend-main.js ${args.join(' ')}\` on ${new Date().toISOString().slice(0, 10)} -->\n`;
  writeFileSync(md, (start < 0 ? `${text}\n` : text.slice(0, start)) + note + section);
  const report = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
  writeFileSync(json, JSON.stringify({ ...report, trends }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
