import {
  fitLogisticRegression,
  predictClasses,
  predictProbabilities,
  rowWeights,
  type TrainingSet,
} from './logistic-regression.js';

/** Three Gaussian-ish clouds in two dimensions, one per class, from a fixed stream. */
function clouds(perClass: number[], spread: number): TrainingSet {
  const centres = [
    [2, 0],
    [-1, 1.7],
    [-1, -1.7],
  ];
  let state = 7;
  const noise = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state / 2 ** 31 - 0.5) * 2 * spread;
  };
  const rows: number[] = [];
  const labels: number[] = [];
  perClass.forEach((n, c) => {
    for (let i = 0; i < n; i++) {
      rows.push(centres[c][0] + noise(), centres[c][1] + noise());
      labels.push(c);
    }
  });
  return { features: Float64Array.from(rows), dims: 2, labels: Int32Array.from(labels), classes: 3 };
}

describe('fitLogisticRegression', () => {
  it('separates well-separated classes and gives probabilities that sum to one', () => {
    const set = clouds([30, 30, 30], 0.8);
    const head = fitLogisticRegression(set, { l2: 1e-3, balanced: true });
    const predicted = predictClasses(head, set.features);
    const correct = predicted.filter((c, i) => c === set.labels[i]).length;
    expect(correct).toBe(90);
    const p = predictProbabilities(head, set.features);
    for (let i = 0; i < 90; i++) expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 12);
  });

  it('reaches the optimum: the penalised gradient vanishes there', () => {
    const set = clouds([20, 25, 30], 2.5);
    const l2 = 0.01;
    const head = fitLogisticRegression(set, { l2, balanced: false });
    // Gradient of the mean cross-entropy + λ/2‖W‖², computed here independently of the fitter.
    const p = predictProbabilities(head, set.features);
    const gradW = new Float64Array(6);
    const gradB = new Float64Array(3);
    const n = set.labels.length;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) {
        const r = (p[3 * i + c] - (set.labels[i] === c ? 1 : 0)) / n;
        gradB[c] += r;
        for (let d = 0; d < 2; d++) gradW[d * 3 + c] += r * set.features[2 * i + d];
      }
    }
    for (let j = 0; j < 6; j++) expect(Math.abs(gradW[j] + l2 * head.weights[j])).toBeLessThan(1e-5);
    for (const g of gradB) expect(Math.abs(g)).toBeLessThan(1e-5);
  });

  it('a larger penalty gives smaller weights', () => {
    const set = clouds([20, 20, 20], 1.5);
    const norm = (l2: number) => Math.hypot(...fitLogisticRegression(set, { l2, balanced: true }).weights);
    expect(norm(1)).toBeLessThan(norm(0.01));
  });

  it('balanced weights give each class the same total weight', () => {
    const set = clouds([10, 40, 50], 1);
    const weights = rowWeights(set, true);
    const total = [0, 0, 0];
    set.labels.forEach((c, i) => (total[c] += weights[i]));
    expect(total[0]).toBeCloseTo(100 / 3, 10);
    expect(total[1]).toBeCloseTo(100 / 3, 10);
    expect(total[2]).toBeCloseTo(100 / 3, 10);
  });

  it('balancing recovers a rare class that the unweighted fit gives up on', () => {
    // Overlapping clouds, class 0 rare: unweighted, the fit predicts it less often than balanced does.
    const set = clouds([6, 60, 60], 2.2);
    const count = (balanced: boolean) =>
      predictClasses(fitLogisticRegression(set, { l2: 1e-3, balanced }), set.features).filter((c) => c === 0)
        .length;
    expect(count(true)).toBeGreaterThan(count(false));
  });
});
