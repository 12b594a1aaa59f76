/**
 * `npm run bench:hostile [-- --quick] [-- --runs N] [-- --base-kib N] [-- --write]`: only the hostile-parse
 * section of `npm run bench`: each hostile feed shape and a well-formed feed parsed at 1×, 4× and 16×
 * a base size (quick 64 KiB → 1 MiB, full 256 KiB → 4 MiB), with the growth exponent of each. No
 * database or Redis. Prints the section; with `--write` it puts this run's section into the last full
 * report, bench/results/latest.json, and renders latest.md and the README's summary from it again.
 * It reports; it never fails on time.
 */
import { benchHostileParse, HOSTILE_PLANS } from './hostile-parse.js';
import { hostileLines } from './hostile-report.js';
import { readResults, writeResults } from './results-file.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(): Promise<void> {
  const plan = { ...HOSTILE_PLANS[args.includes('--quick') ? 'quick' : 'full'] };
  if (option('--runs') !== undefined) plan.runs = Number(option('--runs'));
  if (option('--base-kib') !== undefined) plan.baseBytes = Number(option('--base-kib')) * 1024;
  const section = await benchHostileParse(plan, progress);
  process.stdout.write(hostileLines(section).join('\n') + '\n');
  progress(`done in ${Math.round(section.durationSec)} s`);
  if (!args.includes('--write')) return;
  // The last full report with this section in place of its own, rendered again from the data.
  const report = readResults();
  report.hostile = section;
  await writeResults(report, progress);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
