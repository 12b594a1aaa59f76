import { anomaly } from '../../../trends/src/index.js';
import type { AlertRule } from './alert-rule.js';
import type { AlertMetric } from '../vocabulary.js';
import type { WindowSums } from './rule-window.repository.js';

/** The metric of one window from its sums; null when the window has too few scored articles. */
export function metricValue(metric: AlertMetric, sums: WindowSums, minArticles: number): number | null {
  if (sums.n < minArticles) return null;
  if (metric === 'volume') return sums.n;
  if (sums.n === 0) return null;
  switch (metric) {
    case 'mean_stance':
      return sums.sumStance / sums.n;
    case 'share_critical':
      return sums.nCritical / sums.n;
    case 'share_supportive':
      return sums.nSupportive / sums.n;
    case 'mean_sentiment':
      return sums.sumSentiment / sums.n;
    case 'framing':
      return sums.sumFraming / sums.n;
  }
}

/** The outcome of comparing a window with the rule, and the numbers compared. */
export interface Verdict {
  holds: boolean;
  value: number | null;
  evidence: Record<string, unknown>;
}

/** Compares the newest window (sums[0]) with the threshold, or with the previous windows as a baseline. */
export function judgeMetric(rule: AlertRule, sums: WindowSums[]): Verdict {
  const metric = rule.metric!;
  const [current, ...previous] = sums;
  const value = metricValue(metric, current, rule.minArticles);
  const base = { value, n: current.n, minArticles: rule.minArticles, metric };
  if (rule.condition === 'threshold') {
    const threshold = rule.value!;
    const holds = value !== null && (rule.operator === 'below' ? value < threshold : value > threshold);
    return { holds, value, evidence: { ...base, operator: rule.operator, threshold } };
  }
  // A baseline window counts when it has a value at all: too few articles there means no evidence either way.
  const baseline = previous.map((window) => metricValue(metric, window, metric === 'volume' ? 0 : 1));
  const check = anomaly(value, baseline, rule.k!);
  const direction = rule.operator ?? 'either';
  const departed =
    check.flagged &&
    value !== null &&
    check.baselineMean !== null &&
    (direction === 'either' ||
      (direction === 'above' ? value > check.baselineMean : value < check.baselineMean));
  return {
    holds: departed,
    value,
    evidence: {
      ...base,
      operator: direction,
      k: rule.k,
      z: check.z,
      baselineMean: check.baselineMean,
      baselineSd: check.baselineSd,
      baselineWindows: baseline.filter((v) => v !== null).length,
      baselineDays: rule.baselineDays,
    },
  };
}
