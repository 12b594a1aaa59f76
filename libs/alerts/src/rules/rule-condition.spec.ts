import type { AlertRule } from './alert-rule.js';
import { judgeMetric, metricValue } from './rule-condition.js';
import type { WindowSums } from './rule-window.repository.js';

const sums = (overrides: Partial<WindowSums> = {}): WindowSums => ({
  index: 0,
  n: 10,
  sumStance: 4,
  nSupportive: 6,
  nCritical: 2,
  sumSentiment: -3,
  sumFraming: 5,
  ...overrides,
});
const rule = (overrides: Partial<AlertRule>): AlertRule => ({
  id: 1,
  name: 'probe',
  lens: 'russia-china',
  model: null,
  filters: { outlet: [], country: [], language: [], kind: [] },
  kind: 'metric',
  metric: 'mean_stance',
  windowMinutes: 60,
  condition: 'threshold',
  operator: 'above',
  value: 0.3,
  k: null,
  baselineDays: null,
  minArticles: 5,
  phrase: null,
  repeatIntervalMinutes: 60,
  cooldownMinutes: 30,
  enabled: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...overrides,
});

describe('metricValue', () => {
  it('computes each metric from a window of sums', () => {
    expect(metricValue('mean_stance', sums(), 1)).toBeCloseTo(0.4);
    expect(metricValue('share_supportive', sums(), 1)).toBeCloseTo(0.6);
    expect(metricValue('share_critical', sums(), 1)).toBeCloseTo(0.2);
    expect(metricValue('mean_sentiment', sums(), 1)).toBeCloseTo(-0.3);
    expect(metricValue('framing', sums(), 1)).toBeCloseTo(0.5);
    expect(metricValue('volume', sums(), 1)).toBe(10);
  });

  it('has no value for a window with fewer scored articles than the rule asks for, or none at all', () => {
    expect(metricValue('mean_stance', sums({ n: 4 }), 5)).toBeNull();
    expect(metricValue('mean_stance', sums({ n: 0, sumStance: 0 }), 0)).toBeNull();
    // Volume is a count: zero articles is a value, not the absence of one.
    expect(metricValue('volume', sums({ n: 0 }), 0)).toBe(0);
  });
});

describe('judgeMetric', () => {
  it('compares the newest window with a threshold, above or below', () => {
    expect(judgeMetric(rule({}), [sums()])).toMatchObject({ holds: true, value: 0.4 });
    expect(judgeMetric(rule({ value: 0.5 }), [sums()])).toMatchObject({ holds: false, value: 0.4 });
    expect(judgeMetric(rule({ operator: 'below', value: 0.5 }), [sums()]).holds).toBe(true);
  });

  it('never holds on a window with too few articles, and says how many it had', () => {
    const verdict = judgeMetric(rule({ minArticles: 20 }), [sums()]);
    expect(verdict).toMatchObject({ holds: false, value: null, evidence: { n: 10, minArticles: 20 } });
  });

  it('holds against a baseline only when the window departs by more than k deviations, in the direction asked', () => {
    const baseline = [0.1, 0.12, 0.08, 0.11, 0.09].map((mean, index) =>
      sums({ index: index + 1, sumStance: mean * 10 }),
    );
    const departs = rule({ condition: 'baseline', operator: null, value: null, k: 3, baselineDays: 7 });
    const verdict = judgeMetric(departs, [sums(), ...baseline]);
    expect(verdict.holds).toBe(true);
    expect(verdict.evidence).toMatchObject({ baselineWindows: 5, operator: 'either', k: 3 });
    expect(judgeMetric({ ...departs, operator: 'below' }, [sums(), ...baseline]).holds).toBe(false);
    expect(judgeMetric({ ...departs, operator: 'above' }, [sums(), ...baseline]).holds).toBe(true);
    // Within the baseline's spread: no alert.
    expect(judgeMetric(departs, [sums({ sumStance: 1.05 }), ...baseline]).holds).toBe(false);
  });
});
