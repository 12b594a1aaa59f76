/**
 * The trend the views draw. Asked for in columns (`shape=columns`: the same figures in a body less
 * than half the size, which the API makes in a fraction of the time) unless corrected, which only
 * the points carry; handed to the views as points either way.
 */
import { getJson } from './api.js';
import type {
  AnomalyColumns,
  AnomalyCheck,
  ShareColumns,
  Trend,
  TrendColumns,
  TrendInColumns,
  TrendPoint,
} from './api-types.js';

export async function getTrend(params: URLSearchParams): Promise<Trend> {
  if (params.has('correction')) return getJson<Trend>('/api/v1/trends', params);
  const asked = new URLSearchParams(params);
  asked.set('shape', 'columns');
  return pointsOf(await getJson<TrendInColumns>('/api/v1/trends', asked));
}

const interval = (low: number | null, high: number | null): [number, number] | null =>
  low === null || high === null ? null : [low, high];

const share = (columns: ShareColumns, i: number) => ({
  share: columns.share[i],
  ci95: interval(columns.low[i], columns.high[i]),
});

/** Each bucket's anomaly check; a flagged one with the baseline it departed from. */
function checks(columns: AnomalyColumns, size: number): AnomalyCheck[] {
  const all: AnomalyCheck[] = [];
  for (let i = 0; i < size; i += 1) all.push({ z: columns.z[i], flagged: false });
  columns.flagged.forEach((i, j) => {
    all[i] = {
      z: columns.z[i],
      flagged: true,
      baselineMean: columns.baselineMean[j],
      baselineSd: columns.baselineSd[j],
    };
  });
  return all;
}

function points(buckets: string[], columns: TrendColumns): TrendPoint[] {
  const stance = checks(columns.anomaly.stance, buckets.length);
  const volume = checks(columns.anomaly.volume, buckets.length);
  return buckets.map((bucket, i) => ({
    bucket,
    n: columns.n[i],
    stance: { mean: columns.stance.mean[i], ci95: interval(columns.stance.low[i], columns.stance.high[i]) },
    shares: {
      supportive: share(columns.shares.supportive, i),
      neutral: share(columns.shares.neutral, i),
      critical: share(columns.shares.critical, i),
    },
    sentiment: { mean: columns.sentiment.mean[i] },
    framing: { mean: columns.framing.mean[i] },
    volume: { all: columns.volume.all[i], attention: columns.volume.attention[i] },
    anomaly: { stance: stance[i], volume: volume[i] },
  }));
}

/** The point form of a trend in columns: the same figures, an object per bucket. */
export function pointsOf(trend: TrendInColumns): Trend {
  const { buckets, columns, series, ...header } = trend;
  if (columns) return { ...header, points: points(buckets, columns) };
  return {
    ...header,
    series: (series ?? []).map((s) => ({ key: s.key, label: s.label, points: points(buckets, s.columns) })),
  };
}
