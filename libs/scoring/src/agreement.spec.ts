import { krippendorffAlphaNominal } from './agreement.js';

// The worked examples of Krippendorff, K. (2011) "Computing Krippendorff's Alpha-Reliability",
// Annenberg School for Communication, University of Pennsylvania (repository.upenn.edu/asc_papers/43).
const byUnit = (...observers: (number | null)[][]) =>
  observers[0].map((_, unit) => ({ labels: observers.map((o) => o[unit]) }));

describe('krippendorffAlphaNominal', () => {
  it("gives 0.095 on the paper's two observers, binary data, 10 units", () => {
    const result = krippendorffAlphaNominal(
      byUnit([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]),
    );
    expect(result.alpha).toBeCloseTo(0.095, 3);
    expect(result).toMatchObject({ units: 10, values: 20, annotators: 2 });
  });

  it("gives 0.743 on the paper's 4 observers, nominal data, 12 units with missing values", () => {
    const _ = null;
    const result = krippendorffAlphaNominal(
      byUnit(
        [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
        [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
      ),
    );
    expect(result.alpha).toBeCloseTo(0.743, 3);
    // unit 12 has one value: not pairable
    expect(result).toMatchObject({ units: 11, values: 40, annotators: 4 });
  });

  it('gives 1 for perfect agreement and null with a reason when undefined', () => {
    expect(krippendorffAlphaNominal(byUnit(['a', 'b', 'c'] as never, ['a', 'b', 'c'] as never)).alpha).toBe(
      1,
    );
    expect(krippendorffAlphaNominal(byUnit([1, 1, 1], [1, 1, 1]))).toMatchObject({
      alpha: null,
      reason: 'no expected disagreement: every label is the same value',
    });
    expect(krippendorffAlphaNominal([{ labels: [1] }, { labels: [null, 2] }])).toMatchObject({
      alpha: null,
      units: 0,
      reason: 'no pairable units',
    });
  });
});
