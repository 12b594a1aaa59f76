import { accuracyByGroup, confusionMatrix, evaluate, type LabelledPair } from './evaluation.js';

const LABELS = ['supportive', 'neutral', 'critical'] as const;
type Label = (typeof LABELS)[number];

function pairs(spec: [Label, Label, number][]): LabelledPair<Label>[] {
  return spec.flatMap(([gold, predicted, n]) => Array.from({ length: n }, () => ({ gold, predicted })));
}

describe('evaluate', () => {
  // Ten texts, worked out by hand:
  //                 predicted: sup neu crit
  //   gold supportive          3   1   0    (support 4)
  //   gold neutral             1   2   0    (support 3)
  //   gold critical            0   2   1    (support 3)
  // predicted totals:          4   5   1
  const sample = pairs([
    ['supportive', 'supportive', 3],
    ['supportive', 'neutral', 1],
    ['neutral', 'supportive', 1],
    ['neutral', 'neutral', 2],
    ['critical', 'neutral', 2],
    ['critical', 'critical', 1],
  ]);

  it('builds the confusion matrix with gold labels as rows and predictions as columns', () => {
    expect(confusionMatrix(sample, LABELS)).toEqual([
      [3, 1, 0],
      [1, 2, 0],
      [0, 2, 1],
    ]);
  });

  it('computes accuracy, per-class precision, recall, F1 and macro-F1', () => {
    const result = evaluate(sample, LABELS);
    expect(result.total).toBe(10);
    expect(result.correct).toBe(6);
    expect(result.accuracy).toBeCloseTo(0.6, 12);
    // supportive: P = 3/4, R = 3/4, F1 = 0.75
    expect(result.perClass.supportive).toEqual({
      precision: 0.75,
      recall: 0.75,
      f1: 0.75,
      support: 4,
      predicted: 4,
    });
    // neutral: P = 2/5, R = 2/3, F1 = 2·0.4·(2/3) / (0.4 + 2/3) = 0.5
    expect(result.perClass.neutral.precision).toBeCloseTo(0.4, 12);
    expect(result.perClass.neutral.recall).toBeCloseTo(2 / 3, 12);
    expect(result.perClass.neutral.f1).toBeCloseTo(0.5, 12);
    // critical: P = 1/1, R = 1/3, F1 = 2·1·(1/3) / (4/3) = 0.5
    expect(result.perClass.critical.precision).toBe(1);
    expect(result.perClass.critical.recall).toBeCloseTo(1 / 3, 12);
    expect(result.perClass.critical.f1).toBeCloseTo(0.5, 12);
    expect(result.macroF1).toBeCloseTo((0.75 + 0.5 + 0.5) / 3, 12);
  });

  it('gives precision 0 to a class that is never predicted, and counts its F1 of 0 in macro-F1', () => {
    //                 predicted: sup neu crit
    //   gold supportive          2   0   0
    //   gold neutral             0   1   0
    //   gold critical            1   1   0     ← critical is never predicted
    const result = evaluate(
      pairs([
        ['supportive', 'supportive', 2],
        ['neutral', 'neutral', 1],
        ['critical', 'supportive', 1],
        ['critical', 'neutral', 1],
      ]),
      LABELS,
    );
    expect(result.perClass.critical).toEqual({ precision: 0, recall: 0, f1: 0, support: 2, predicted: 0 });
    // supportive: P = 2/3, R = 1, F1 = 0.8; neutral: P = 1/2, R = 1, F1 = 2/3
    expect(result.perClass.supportive.f1).toBeCloseTo(0.8, 12);
    expect(result.perClass.neutral.f1).toBeCloseTo(2 / 3, 12);
    expect(result.macroF1).toBeCloseTo((0.8 + 2 / 3 + 0) / 3, 12);
    expect(result.accuracy).toBeCloseTo(3 / 5, 12);
  });

  it('gives recall 0 to a class with no gold examples that is predicted anyway', () => {
    const result = evaluate(
      pairs([
        ['supportive', 'supportive', 1],
        ['supportive', 'neutral', 1],
      ]),
      LABELS,
    );
    expect(result.perClass.neutral).toEqual({ precision: 0, recall: 0, f1: 0, support: 0, predicted: 1 });
    expect(result.perClass.supportive).toEqual({
      precision: 1,
      recall: 0.5,
      f1: 2 / 3,
      support: 2,
      predicted: 1,
    });
  });

  it('scores a perfect run as 1 everywhere it can', () => {
    const result = evaluate(pairs(LABELS.map((label) => [label, label, 2])), LABELS);
    expect(result.accuracy).toBe(1);
    expect(result.macroF1).toBe(1);
  });

  it('returns zeros, not NaN, for no pairs', () => {
    const result = evaluate([], LABELS);
    expect(result).toMatchObject({ total: 0, correct: 0, accuracy: 0, macroF1: 0 });
    expect(result.confusion.flat().every((n) => n === 0)).toBe(true);
  });

  it('rejects a label outside the list, naming it', () => {
    expect(() => evaluate([{ gold: 'supportive', predicted: 'hostile' as Label }], LABELS)).toThrow(
      /"hostile"/,
    );
  });
});

describe('accuracyByGroup', () => {
  it('counts accuracy per group', () => {
    const result = accuracyByGroup<Label>([
      { gold: 'neutral', predicted: 'neutral', group: 'en' },
      { gold: 'critical', predicted: 'neutral', group: 'en' },
      { gold: 'critical', predicted: 'critical', group: 'ru' },
      { gold: 'supportive', predicted: 'supportive', group: 'en' },
    ]);
    expect(result).toEqual({
      en: { total: 3, correct: 2, accuracy: 2 / 3 },
      ru: { total: 1, correct: 1, accuracy: 1 },
    });
  });
});
