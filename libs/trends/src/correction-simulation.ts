/**
 * The correction tried on simulated data: a classifier with a known confusion-rate matrix applied to
 * buckets with known true shares, corrected with a confusion matrix estimated from a simulated
 * labelled set, exactly as a trend is. The test and `npm run bench:correction` read the same figures.
 */
import { SeededRandom } from './seeded-random.js';
import { conditionNumber, confusionRates, correctBucket, MAX_CONDITION } from './share-correction.js';

export interface SimulationSetting {
  /** Size of the labelled set; its true classes are drawn uniformly (a validation sample taken before the shift). */
  labelled: number;
  truth: [number, number, number];
  /** The classifier's probability of the right class; the rest is split evenly between the other two. */
  diagonal: number;
  /** Articles per bucket. */
  n: number;
}

export interface SimulationResult extends SimulationSetting {
  buckets: number;
  /** Buckets left uncorrected: fewer than `minPerClass` labels of a class, or M too close to singular. */
  notApplied: number;
  /** Per class, the share of corrected buckets whose 95% interval holds the true share. */
  coverage: [number, number, number];
  /** The same for the stance index (supportive − critical). */
  indexCoverage: number;
  /** Per class, the mean corrected share over corrected buckets. */
  meanCorrected: [number, number, number];
  /** Per class, the mean uncorrected (classify-and-count) share. */
  meanUncorrected: [number, number, number];
}

export const SIMULATION_SETTINGS: SimulationSetting[] = [60, 300].flatMap((labelled) =>
  ([0.85, 0.6] as const).flatMap((diagonal) =>
    (
      [
        [0.33, 0.34, 0.33],
        [0.6, 0.3, 0.1],
        [0.05, 0.15, 0.8],
      ] as [number, number, number][]
    ).flatMap((truth) => [20, 100, 1000].map((n) => ({ labelled, truth, diagonal, n }))),
  ),
);

const rates = (diagonal: number) =>
  [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? diagonal : (1 - diagonal) / 2)));

/** Corrects `buckets` simulated buckets of one setting, each with its own labelled set. */
export function simulateCorrection(
  setting: SimulationSetting,
  buckets: number,
  seed: number,
  minPerClass = 10,
  maxCondition = MAX_CONDITION,
): SimulationResult {
  const random = new SeededRandom(seed);
  const m = rates(setting.diagonal);
  const observedShares = m.map((row) => row.reduce((sum, x, j) => sum + x * setting.truth[j], 0));
  const covered = [0, 0, 0];
  const corrected = [0, 0, 0];
  const uncorrected = [0, 0, 0];
  let indexCovered = 0;
  let applied = 0;
  const trueIndex = setting.truth[0] - setting.truth[2];
  for (let b = 0; b < buckets; b++) {
    const perClass = random.multinomial(setting.labelled, [1 / 3, 1 / 3, 1 / 3]);
    const columns = perClass.map((count, j) =>
      random.multinomial(
        count,
        m.map((row) => row[j]),
      ),
    );
    const confusion = [0, 1, 2].map((i) => columns.map((column) => column[i]));
    const observed = random.multinomial(setting.n, observedShares);
    for (let i = 0; i < 3; i++) uncorrected[i] += observed[i] / setting.n;
    if (perClass.some((count) => count < minPerClass)) continue;
    if (conditionNumber(confusionRates(confusion)) > maxCondition) continue;
    const result = correctBucket([{ confusion, bucket: { n: setting.n, observed } }], random)!;
    applied += 1;
    for (let i = 0; i < 3; i++) {
      corrected[i] += result.shares[i];
      const [low, high] = result.ci95[i];
      if (low <= setting.truth[i] && setting.truth[i] <= high) covered[i] += 1;
    }
    if (result.index.ci95[0] <= trueIndex && trueIndex <= result.index.ci95[1]) indexCovered += 1;
  }
  const per = (values: number[], over: number) =>
    values.map((v) => v / Math.max(1, over)) as [number, number, number];
  return {
    ...setting,
    buckets,
    notApplied: buckets - applied,
    coverage: per(covered, applied),
    indexCoverage: indexCovered / Math.max(1, applied),
    meanCorrected: per(corrected, applied),
    meanUncorrected: per(uncorrected, buckets),
  };
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
const shares = (xs: readonly number[]) => xs.map((x) => x.toFixed(3)).join(' / ');

/** The results as the README's Markdown table. */
export function coverageTable(results: readonly SimulationResult[]): string {
  const lines = [
    '| labelled | M diagonal | true shares | n | coverage S / N / C | index coverage | mean corrected | mean uncorrected | not applied |',
    '| ---: | ---: | --- | ---: | --- | ---: | --- | --- | ---: |',
  ];
  for (const r of results)
    lines.push(
      `| ${r.labelled} | ${r.diagonal} | ${r.truth.join(' / ')} | ${r.n} | ${r.coverage.map(percent).join(' / ')} | ` +
        `${percent(r.indexCoverage)} | ${shares(r.meanCorrected)} | ${shares(r.meanUncorrected)} | ${r.notApplied} of ${r.buckets} |`,
    );
  return lines.join('\n');
}
