import { choosePenalty, crossValidate, L2_GRID, macroF1, stratifiedFolds } from './cross-validation.js';

describe('stratifiedFolds', () => {
  const strata = [...Array(30).fill('a'), ...Array(20).fill('b'), ...Array(7).fill('c')];

  it('gives every fold its share of each stratum, and the same folds for the same seed', () => {
    const folds = stratifiedFolds(strata, 5, 'seed');
    for (const stratum of ['a', 'b']) {
      const perFold = [0, 0, 0, 0, 0];
      strata.forEach((s, i) => s === stratum && perFold[folds[i]]++);
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    expect(Array.from(stratifiedFolds(strata, 5, 'seed'))).toEqual(Array.from(folds));
    expect(Array.from(stratifiedFolds(strata, 5, 'other'))).not.toEqual(Array.from(folds));
  });

  it('keeps the fold sizes within one of each other', () => {
    const folds = stratifiedFolds(strata, 4, 'x');
    const sizes = [0, 0, 0, 0];
    folds.forEach((f) => sizes[f]++);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});

describe('macroF1', () => {
  it('is the mean of the per-class F1', () => {
    // Class 0: P 1/2, R 1/2; class 1: P 1/2, R 1/2; class 2 never predicted nor present in gold: F1 0.
    expect(macroF1([0, 0, 1, 1], [0, 1, 1, 0], 3)).toBeCloseTo((0.5 + 0.5 + 0) / 3, 12);
  });
});

describe('nested cross-validation', () => {
  /** Class = sign pattern of the first two features, the rest noise: learnable, not trivially. */
  function set(n: number) {
    let state = 11;
    const next = () => ((state = (state * 16807) % 2147483647) / 2147483647) * 2 - 1;
    const dims = 6;
    const features = new Float64Array(n * dims);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 3;
      const centre = [
        [1, 0],
        [-0.5, 0.9],
        [-0.5, -0.9],
      ][labels[i]];
      features[i * dims] = centre[0] + 0.6 * next();
      features[i * dims + 1] = centre[1] + 0.6 * next();
      for (let d = 2; d < dims; d++) features[i * dims + d] = next();
    }
    return { features, dims, labels, classes: 3 };
  }

  it('predicts every row once, from a head that did not see it, far above chance', () => {
    const data = set(90);
    const cv = crossValidate(data, Array.from(data.labels, String), 5, 's');
    expect(cv.penalties).toHaveLength(5);
    for (const l2 of cv.penalties) expect(L2_GRID).toContain(l2);
    expect(macroF1(data.labels, cv.predicted, 3)).toBeGreaterThan(0.8);
  });

  it('scores every penalty of the grid and picks the best', () => {
    const choice = choosePenalty(set(60), 3, 's');
    expect(choice.scores).toHaveLength(L2_GRID.length);
    expect(choice.scores[L2_GRID.indexOf(choice.l2 as (typeof L2_GRID)[number])]).toBe(
      Math.max(...choice.scores),
    );
  });
});
