import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SimulationResult } from '../../libs/trends/src/index.js';

const ROOT = join(import.meta.dirname, '../..');

// The simulation the README's coverage table comes from, run as `npm run bench:correction` runs it
// (compiled: under the test runner's transform it is seven times slower), with the same seeds.
async function simulate(): Promise<SimulationResult[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['dist/bench/correction-main.js', '--json'],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as SimulationResult[];
}

describe('corrected shares on simulated data (labelled 60 and 300, M diagonal 0.85 and 0.6, three true share vectors, n = 20, 100, 1000; 1000 buckets each)', () => {
  let results: SimulationResult[];

  beforeAll(async () => {
    results = await simulate();
  }, 180_000);

  const name = (r: SimulationResult) =>
    `labelled ${r.labelled}, diagonal ${r.diagonal}, truth ${r.truth.join('/')}, n ${r.n}`;
  const weakAndFew = (r: SimulationResult) => r.labelled === 60 && r.diagonal === 0.6;

  it('runs every fixed setting', () => {
    expect(results).toHaveLength(36);
    expect(results.every((r) => r.buckets === 1000)).toBe(true);
  });

  it('covers the true shares and stance index in 95% ± 3% of buckets for n ≥ 100, never less than 92%', () => {
    for (const r of results.filter((result) => result.n >= 100)) {
      for (const [i, coverage] of [...r.coverage, r.indexCoverage].entries()) {
        expect([name(r), i, coverage >= 0.92]).toEqual([name(r), i, true]);
        // A weak classifier checked on only 60 labels is conservative (measured up to 98.5%, in the README).
        expect([name(r), i, coverage <= (weakAndFew(r) ? 0.99 : 0.98)]).toEqual([name(r), i, true]);
      }
    }
  });

  it('recovers the true shares on average, far closer than the uncorrected shares', () => {
    for (const r of results.filter((result) => result.n >= 100)) {
      const corrected = Math.max(...r.meanCorrected.map((share, i) => Math.abs(share - r.truth[i])));
      const uncorrected = Math.max(...r.meanUncorrected.map((share, i) => Math.abs(share - r.truth[i])));
      // With a weak classifier and 60 labels the simplex pulls shares near 0 up: measured up to 0.067.
      expect([name(r), corrected <= (weakAndFew(r) ? 0.07 : 0.03)]).toEqual([name(r), true]);
      if (uncorrected > 0.03) expect([name(r), corrected < uncorrected / 2]).toEqual([name(r), true]);
    }
  });

  it('corrects every bucket with 300 labels, and leaves out the few whose estimated M is too close to singular', () => {
    for (const r of results) {
      if (r.labelled === 300) expect([name(r), r.notApplied]).toEqual([name(r), 0]);
      else expect([name(r), r.notApplied / r.buckets <= 0.1]).toEqual([name(r), true]);
    }
  });
});
