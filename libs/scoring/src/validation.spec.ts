import type { StanceLabel } from '../../lens/src/index.js';
import type { LabelOfArticle } from './gold-labels.js';
import {
  bootstrapMacroF1,
  calibration,
  validate,
  validationFigures,
  type ValidationItem,
} from './validation.js';

const probsWithTop = (top: StanceLabel, p: number): Record<StanceLabel, number> => {
  const rest = (1 - p) / 2;
  return { supportive: rest, neutral: rest, critical: rest, [top]: p };
};

const item = (
  gold: StanceLabel,
  predicted: StanceLabel,
  p: number,
  language = 'en',
  kind = 'state',
): ValidationItem => ({
  gold,
  predicted,
  probs: probsWithTop(predicted, p),
  language,
  kind,
});

// Worked by hand: rows gold, columns predicted (S, N, C):
//   S: 3 1 0    N: 0 2 1    C: 1 0 2
const ITEMS: ValidationItem[] = [
  item('supportive', 'supportive', 0.9),
  item('supportive', 'supportive', 0.9),
  item('supportive', 'supportive', 0.9),
  item('supportive', 'neutral', 0.6),
  item('neutral', 'neutral', 0.7),
  item('neutral', 'neutral', 0.7),
  item('neutral', 'critical', 0.5),
  item('critical', 'critical', 0.8),
  item('critical', 'critical', 0.8),
  item('critical', 'supportive', 0.4),
];

describe('validation figures', () => {
  it('match a hand-computed confusion matrix: accuracy, precision, recall, F1 and macro-F1', () => {
    const figures = validationFigures(ITEMS);
    expect(figures.confusion).toEqual({
      supportive: { supportive: 3, neutral: 1, critical: 0 },
      neutral: { supportive: 0, neutral: 2, critical: 1 },
      critical: { supportive: 1, neutral: 0, critical: 2 },
    });
    expect(figures).toMatchObject({ n: 10, correct: 7, accuracy: 0.7 });
    // supportive: 3 of 4 predicted and 3 of 4 gold; neutral and critical: 2 of 3 each way.
    expect(figures.perClass.supportive).toMatchObject({
      precision: 0.75,
      recall: 0.75,
      f1: 0.75,
      support: 4,
    });
    expect(figures.perClass.neutral.precision).toBeCloseTo(2 / 3, 12);
    expect(figures.perClass.critical.recall).toBeCloseTo(2 / 3, 12);
    expect(figures.macroF1.value).toBeCloseTo((0.75 + 2 / 3 + 2 / 3) / 3, 12);
  });

  it('measure calibration: reliability bins, expected calibration error and the Brier score', () => {
    const result = calibration(ITEMS);
    // Bins 0.9 (3 right), 0.8 (2 right), 0.7 (2 right), 0.6, 0.5, 0.4 (1 wrong each):
    // ECE = .3·.1 + .2·.2 + .2·.3 + .1·.6 + .1·.5 + .1·.4 = 0.28.
    expect(result.ece).toBeCloseTo(0.28, 12);
    // Brier: a right answer at top p costs 1.5·(1 − p)²; the wrong ones .36 + .64 + .04, .25 + .5625 + .0625, .16 + .49 + .09.
    expect(result.brier).toBeCloseTo((3 * 0.015 + 2 * 0.135 + 2 * 0.06 + 1.04 + 0.875 + 0.74) / 10, 12);
    expect(result.bins).toHaveLength(10);
    expect(result.bins[9]).toEqual({
      from: 0.9,
      to: 1,
      n: 3,
      confidence: expect.closeTo(0.9, 12),
      accuracy: 1,
    });
    expect(result.bins[4]).toEqual({ from: 0.4, to: 0.5, n: 1, confidence: 0.4, accuracy: 0 });
    expect(result.bins[0]).toEqual({ from: 0, to: 0.1, n: 0, confidence: null, accuracy: null });
    expect(calibration([])).toMatchObject({ ece: null, brier: null });
  });

  it('give macro-F1 a bootstrap interval that holds the estimate, repeats exactly, and narrows with more labels', () => {
    const interval = bootstrapMacroF1(ITEMS)!;
    const estimate = validationFigures(ITEMS).macroF1.value!;
    expect(interval[0]).toBeLessThan(estimate);
    expect(interval[1]).toBeGreaterThan(estimate);
    expect(interval[0]).toBeGreaterThanOrEqual(0);
    expect(interval[1]).toBeLessThanOrEqual(1);
    expect(bootstrapMacroF1(ITEMS)).toEqual(interval);
    const tenfold = bootstrapMacroF1(Array.from({ length: 10 }, () => ITEMS).flat())!;
    expect(tenfold[1] - tenfold[0]).toBeLessThan((interval[1] - interval[0]) / 2);
    const perfect = ITEMS.map((i) => ({ ...i, predicted: i.gold }));
    expect(bootstrapMacroF1(perfect)).toEqual([1, 1]);
    expect(bootstrapMacroF1(ITEMS.slice(0, 1))).toBeNull();
  });

  it('leave disputed and unscored articles out and count them, split by language and kind, and validate one annotator alone', () => {
    const label = (
      articleId: number,
      annotator: string,
      value: StanceLabel,
      language: string | null,
      kind = 'state',
    ): LabelOfArticle => ({
      articleId,
      annotator,
      label: value,
      language,
      kind,
    });
    const labels = [
      label(1, 'alice', 'critical', 'ru'),
      label(1, 'bob', 'critical', 'ru'),
      label(2, 'alice', 'supportive', 'en'),
      label(2, 'bob', 'critical', 'en'),
      label(3, 'alice', 'neutral', null, 'independent'),
      label(4, 'alice', 'neutral', 'zh'),
    ];
    const score = (articleId: number, value: StanceLabel) => ({
      articleId,
      label: value,
      probs: probsWithTop(value, 0.8),
    });
    // Article 4 has no score from this model.
    const scores = [score(1, 'critical'), score(2, 'critical'), score(3, 'supportive')];
    const all = validate(labels, scores);
    expect(all).toMatchObject({ n: 2, correct: 1, disputed: 1, unscored: 1 });
    expect(Object.keys(all.byLanguage)).toEqual(['ru', 'unknown']);
    expect(all.byLanguage.ru).toMatchObject({ n: 1, accuracy: 1 });
    expect(all.byKind.independent).toMatchObject({ n: 1, accuracy: 0 });
    expect(all.agreement).toMatchObject({ units: 2, values: 4 });
    const bob = validate(labels, scores, 'bob');
    expect(bob).toMatchObject({ n: 2, correct: 2, disputed: 0, unscored: 0, accuracy: 1 });
    expect(bob.agreement.units).toBe(0);
  });
});
