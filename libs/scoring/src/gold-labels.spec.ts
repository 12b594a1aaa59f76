import { goldLabels, summariseLabels, type LabelOfArticle } from './gold-labels.js';

const labels: LabelOfArticle[] = [
  { articleId: 1, annotator: 'alice', label: 'critical', language: 'ru', kind: 'state' },
  { articleId: 1, annotator: 'bob', label: 'critical', language: 'ru', kind: 'state' },
  { articleId: 2, annotator: 'alice', label: 'supportive', language: 'en', kind: 'state' },
  { articleId: 2, annotator: 'bob', label: 'critical', language: 'en', kind: 'state' },
  { articleId: 3, annotator: 'alice', label: 'neutral', language: null, kind: 'independent' },
  { articleId: 3, annotator: 'bob', label: 'neutral', language: null, kind: 'independent' },
  { articleId: 3, annotator: 'carol', label: 'critical', language: null, kind: 'independent' },
];

describe('gold labels', () => {
  it("is each article's majority, and a tie is disputed", () => {
    const { gold, disputed } = goldLabels(labels);
    expect(Object.fromEntries(gold)).toEqual({ 1: 'critical', 3: 'neutral' });
    expect(disputed).toEqual([2]);
  });

  it("is one annotator's own labels when asked, with nothing disputed", () => {
    const { gold, disputed } = goldLabels(labels, 'bob');
    expect(Object.fromEntries(gold)).toEqual({ 1: 'critical', 2: 'critical', 3: 'neutral' });
    expect(disputed).toEqual([]);
    expect(goldLabels(labels, 'nobody').gold.size).toBe(0);
  });

  it('summarises per class and language, unknown languages included, with the agreement', () => {
    const summary = summariseLabels(labels);
    expect(summary).toMatchObject({
      labels: 7,
      articles: 3,
      annotators: [
        { annotator: 'alice', labels: 3 },
        { annotator: 'bob', labels: 3 },
        { annotator: 'carol', labels: 1 },
      ],
      gold: { supportive: 0, neutral: 1, critical: 1 },
      disputed: 1,
      byLanguage: {
        ru: { supportive: 0, neutral: 0, critical: 1, disputed: 0 },
        en: { supportive: 0, neutral: 0, critical: 0, disputed: 1 },
        unknown: { supportive: 0, neutral: 1, critical: 0, disputed: 0 },
      },
    });
    // The same units as api-labels.test.ts works by hand: alpha = 1/7.
    expect(summary.agreement.alpha).toBeCloseTo(1 / 7, 12);
  });
});
