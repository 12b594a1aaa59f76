/**
 * `npm run bench:correction [-- --buckets N] [-- --json]`: the corrected shares on simulated data, at
 * the fixed settings (labelled sets of 60 and 300, M diagonal 0.85 and 0.6, three true share
 * vectors, buckets of 20, 100 and 1,000 articles), N buckets each (default 1,000), fixed seeds. Prints
 * the README's coverage table, or the results as JSON for the test that checks them. No database.
 */
import { coverageTable, SIMULATION_SETTINGS, simulateCorrection } from '../libs/trends/src/index.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;

/** Each setting's seed: the same table on every machine and every run. */
export const simulationSeed = (index: number) => 1000 + index;

const buckets = Number(option('--buckets') ?? 1000);
const started = Date.now();
const results = SIMULATION_SETTINGS.map((setting, i) =>
  simulateCorrection(setting, buckets, simulationSeed(i)),
);
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else {
  process.stdout.write(`${coverageTable(results)}\n`);
  process.stderr.write(
    `bench: ${results.length} settings × ${buckets} buckets in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
}
