/**
 * `node dist/bench/polling-main.js [--quick] [--pg URL] [--redis URL] [--write]`: feeds polled per minute by a
 * worker process against 1,000 local feeds (new items, then 304s), against a plain fetch loop; and the time
 * from an item appearing in a feed to its scores in the API (p50, p95). Prints its section; with `--write`
 * it replaces only that section of bench/results/latest.{md,json} (`polling` in the JSON) and keeps the rest.
 * Overrides: --runs N, --items-per-feed N, --concurrency N, --interval SEC, --items N, --spread SEC.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../libs/db/src/index.js';
import { defaultLens, loadLenses } from '../libs/feeds/src/lens.js';
import { createBenchDatabase } from './bench-database.js';
import { benchItemLatency, type LatencyPlan } from './item-latency.js';
import { pollingLines, type PollingSection } from './polling-report.js';
import { benchPolling, type PollingPlan } from './polling-throughput.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.includes(name) ? args[args.indexOf(name) + 1] : fallback;
const quick = args.includes('--quick');

const perFeed = Number(option('--items-per-feed', quick ? '4' : '0'));
const polling: PollingPlan = {
  feeds: 1000,
  itemsPerFeed: perFeed > 0 ? { min: perFeed, max: perFeed } : { min: 40, max: 60 },
  runs: Number(option('--runs', quick ? '3' : '5')),
  concurrency: Number(option('--concurrency', '16')),
};
const latency: LatencyPlan = {
  feeds: 4,
  items: Number(option('--items', quick ? '40' : '80')),
  intervalSec: Number(option('--interval', quick ? '10' : '30')),
  spreadSec: Number(option('--spread', quick ? '40' : '240')),
  seed: 20251128,
};
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const startedAt = new Date();
  const target = await createBenchDatabase(option('--pg', 'postgres://postgres@127.0.0.1:5432'));
  const redisUrl = option('--redis', 'redis://127.0.0.1:6379');
  const modelCache = mkdtempSync(join(os.tmpdir(), 'stancewatch-bench-models-'));
  const dropOnSignal = () => void target.drop().finally(() => process.exit(130));
  process.once('SIGINT', dropOnSignal).once('SIGTERM', dropOnSignal);
  let section: PollingSection;
  try {
    const throughput = await benchPolling({ target, redisUrl, plan: polling, progress });
    const lenses = loadLenses(join(projectRoot(), 'config', 'lenses.json'));
    const items = await benchItemLatency({
      target,
      redisUrl,
      cacheDir: modelCache,
      lens: defaultLens(lenses) ?? lenses[0],
      plan: latency,
      progress,
    });
    section = {
      command: `node dist/bench/polling-main.js ${args.join(' ')}`.trim(),
      startedAt: startedAt.toISOString(),
      durationSec: (Date.now() - startedAt.getTime()) / 1000,
      figures: throughput.figures,
      throughput: throughput.details,
      latency: items,
      warnings: throughput.warnings,
    };
  } finally {
    process.off('SIGINT', dropOnSignal).off('SIGTERM', dropOnSignal);
    await target.drop();
    rmSync(modelCache, { recursive: true, force: true });
  }
  const text = pollingLines(section).join('\n') + '\n';
  process.stdout.write(text);
  progress(`done in ${Math.round(section.durationSec)} s`);
  if (args.includes('--write')) replacePollingSection(section, text);
}

const BEGIN = '<!-- polling section from';
const END = '<!-- polling section end -->';

/**
 * Swaps this section (between its markers) of the last full report for this run's. The first time, it
 * goes before the trend section, which trend-main.ts replaces from its heading to the end of the file.
 */
function replacePollingSection(section: PollingSection, text: string): void {
  const dir = join(projectRoot(), 'bench', 'results');
  const md = join(dir, 'latest.md');
  const json = join(dir, 'latest.json');
  if (!existsSync(md) || !existsSync(json))
    throw new Error('no bench/results/latest.* to update: run npm run bench');
  const report = readFileSync(md, 'utf8');
  const block = `${BEGIN} \`${section.command}\` on ${section.startedAt.slice(0, 10)}, ${Math.round(section.durationSec)} s -->\n${text}${END}\n`;
  const begin = report.indexOf(BEGIN);
  const end = report.indexOf(END);
  let updated: string;
  if (begin >= 0 && end > begin) {
    updated = report.slice(0, begin) + block + report.slice(end + END.length).replace(/^\n/, '');
  } else {
    const trend = [report.indexOf('<!-- trend section'), report.indexOf('## Trends')].filter((i) => i >= 0);
    const at = trend.length > 0 ? Math.min(...trend) : report.length;
    updated = `${report.slice(0, at).replace(/\n*$/, '\n\n')}${block}${at < report.length ? '\n' : ''}${report.slice(at)}`;
  }
  writeFileSync(md, updated);
  const data = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
  writeFileSync(json, JSON.stringify({ ...data, polling: section }, null, 2) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
