import type { AlertsDetails } from './alerts-throughput.js';
import { GROWTH_FACTORS, type Growth } from './growth.js';
import type { PollingSection } from './polling-report.js';
import { summarize, type Spread } from './stats.js';
import type { TrendDetails } from './trend-benchmark.js';
import type { Latency } from './trend-measure.js';

/** The factor of the i-th size of a section that ran at 1×, 4×, 16× (or fewer steps). */
const factorAt = (index: number) => GROWTH_FACTORS[index] ?? 4 ** index;

/** A round of polls at each feed count: the whole round's worker time (polls ÷ polls per minute). */
export function pollingGrowth(section: PollingSection): Growth[] {
  const counts = section.throughput.counts;
  const roundMs = (polls: number, perMinute: Spread) =>
    summarize(perMinute.samples.map((rate) => (polls / rate) * 60_000));
  return [
    {
      id: 'polling.new',
      measurement: 'one round of polls, every feed with new items (worker, concurrency 16)',
      grows: 'feeds',
      kind: 'total',
      steps: counts.map((c, i) => ({
        factor: factorAt(i),
        size: c.feeds,
        costMs: roundMs(c.feeds, c.missPollsPerMinute),
      })),
    },
    {
      id: 'polling.304',
      measurement: 'one round of conditional polls, every feed 304',
      grows: 'feeds',
      kind: 'total',
      steps: counts.map((c, i) => ({
        factor: factorAt(i),
        size: c.feeds,
        costMs: roundMs(c.feeds, c.hitPollsPerMinute),
      })),
    },
  ];
}

/** One evaluation of every enabled rule at each rule count. */
export function alertsGrowth(alerts: AlertsDetails): Growth[] {
  return [
    {
      id: 'alerts',
      measurement: 'one evaluation of every enabled alert rule (the alerts-evaluate job)',
      grows: 'rules',
      kind: 'total',
      steps: alerts.counts.map((c, i) => ({ factor: factorAt(i), size: c.rules, costMs: c.evaluationMs })),
    },
  ];
}

/** One trend request (and the raw query) at each archive size. */
export function trendGrowth(trends: TrendDetails): Growth[] {
  // Trend figures keep percentiles, not samples: the median is their p50.
  const cost = (l: Latency) => ({ median: l.p50, min: l.min, max: l.max });
  const steps = (pick: (size: TrendDetails['sizes'][number]) => Latency) =>
    trends.sizes.map((s, i) => ({ factor: factorAt(i), size: s.classified, costMs: cost(pick(s)) }));
  return [
    {
      id: 'trends.outlet',
      measurement: 'daily one-year trend by outlet through the API, computed afresh',
      grows: 'scored articles',
      kind: 'request',
      steps: steps((s) => s.api.outlet),
    },
    {
      id: 'trends.outletColumns',
      measurement: 'the same trend in columns (shape=columns, as the dashboard asks), computed afresh',
      grows: 'scored articles',
      kind: 'request',
      steps: steps((s) => s.api.outletColumns),
    },
    {
      id: 'trends.outletCached',
      measurement: 'the same, data unchanged (cache under the data version)',
      grows: 'scored articles',
      kind: 'request',
      steps: steps((s) => s.api.outletCached),
    },
    {
      id: 'trends.kolkata',
      measurement: 'the same in Asia/Kolkata (half-hour zone: raw scores, no rollups)',
      grows: 'scored articles',
      kind: 'request',
      steps: steps((s) => s.api.kolkataOutlet),
    },
    {
      id: 'trends.raw',
      measurement: 'the raw GROUP BY over article_scores ⨝ articles ⨝ feeds (no rollups, no HTTP)',
      grows: 'scored articles',
      kind: 'request',
      steps: steps((s) => s.raw),
    },
  ];
}
