import { SeededRandom } from './seeded-random.js';
import { conditionNumber, confusionRates, correctBucket, simplexLeastSquares } from './share-correction.js';

const close = (actual: number[], expected: number[], digits = 9) =>
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], digits));

describe('share correction', () => {
  const m = [
    [0.8, 0.1, 0.2],
    [0.1, 0.7, 0.2],
    [0.1, 0.2, 0.6],
  ];

  it('inverts q = M·p exactly where the solution lies on the simplex', () => {
    const p = [0.5, 0.3, 0.2];
    const q = m.map((row) => row.reduce((sum, x, j) => sum + x * p[j], 0));
    close(simplexLeastSquares(m, q), p);
  });

  it('projects onto the simplex where M⁻¹q has a negative share, at the least-squares optimum', () => {
    // More "critical" outputs than even an all-critical truth would give: the optimum is the vertex.
    close(simplexLeastSquares(m, [0.1, 0.1, 0.8]), [0, 0, 1]);
    // On an edge: no supportive at all; compare with a fine grid over the edge and the whole simplex.
    const q = [0.05, 0.5, 0.45];
    const solved = simplexLeastSquares(m, q);
    const residual = (p: number[]) =>
      m.reduce((s, row, i) => s + (row.reduce((a, x, j) => a + x * p[j], 0) - q[i]) ** 2, 0);
    let best = Infinity;
    for (let a = 0; a <= 200; a++)
      for (let b = 0; a + b <= 200; b++)
        best = Math.min(best, residual([a / 200, b / 200, (200 - a - b) / 200]));
    expect(solved[0]).toBe(0);
    expect(residual(solved)).toBeLessThanOrEqual(best + 1e-12);
    expect(solved.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('measures how close M is to singular', () => {
    expect(
      conditionNumber([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]),
    ).toBeCloseTo(1, 9);
    // 0.4·I + 0.2·J: singular values 1.0 and 0.4 (twice).
    expect(
      conditionNumber([
        [0.6, 0.2, 0.2],
        [0.2, 0.6, 0.2],
        [0.2, 0.2, 0.6],
      ]),
    ).toBeCloseTo(2.5, 6);
    expect(
      conditionNumber([
        [0.5, 0.5, 0.2],
        [0.5, 0.5, 0.2],
        [0, 0, 0.6],
      ]),
    ).toBe(Infinity);
    expect(
      confusionRates([
        [8, 1],
        [2, 9],
      ]),
    ).toEqual([
      [0.8, 0.1],
      [0.2, 0.9],
    ]);
  });

  it('corrects a bucket and gives intervals that hold the estimate, per language weighted by articles', () => {
    const confusion = [
      [40, 5, 10],
      [5, 35, 10],
      [5, 10, 30],
    ];
    const corrected = correctBucket(
      [{ confusion, bucket: { n: 100, observed: [40, 30, 30] } }],
      new SeededRandom(1),
    )!;
    expect(corrected.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    corrected.shares.forEach((share, i) => {
      expect(corrected.ci95[i][0]).toBeLessThanOrEqual(share);
      expect(corrected.ci95[i][1]).toBeGreaterThanOrEqual(share);
    });
    expect(corrected.index.mean).toBeCloseTo(corrected.shares[0] - corrected.shares[2], 12);
    expect(corrected.index.uncorrected).toBeCloseTo(0.1, 12);
    // Two languages: the bucket's shares are the parts' corrected shares weighted by their articles.
    const english = correctBucket(
      [{ confusion, bucket: { n: 30, observed: [20, 5, 5] } }],
      new SeededRandom(2),
    )!;
    const russian = correctBucket(
      [
        {
          confusion: [
            [30, 0, 0],
            [0, 30, 0],
            [0, 0, 30],
          ],
          bucket: { n: 70, observed: [7, 21, 42] },
        },
      ],
      new SeededRandom(2),
    )!;
    const both = correctBucket(
      [
        { confusion, bucket: { n: 30, observed: [20, 5, 5] } },
        {
          confusion: [
            [30, 0, 0],
            [0, 30, 0],
            [0, 0, 30],
          ],
          bucket: { n: 70, observed: [7, 21, 42] },
        },
      ],
      new SeededRandom(2),
    )!;
    close(
      both.shares,
      english.shares.map((s, i) => 0.3 * s + 0.7 * russian.shares[i]),
    );
    expect(
      correctBucket([{ confusion, bucket: { n: 0, observed: [0, 0, 0] } }], new SeededRandom(1)),
    ).toBeNull();
  });
});
