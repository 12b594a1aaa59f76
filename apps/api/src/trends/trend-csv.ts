import {
  TREND_INTERVAL_METHODS,
  type TrendPoint,
  type TrendResult,
} from '../../../../libs/trends/src/index.js';
import { toCsv, type CsvCell } from '../http/csv.js';

const HEADER = [
  'key',
  'label',
  'bucket',
  'n',
  'stance_mean',
  'stance_ci95_low',
  'stance_ci95_high',
  'share_supportive',
  'share_supportive_ci95_low',
  'share_supportive_ci95_high',
  'share_neutral',
  'share_neutral_ci95_low',
  'share_neutral_ci95_high',
  'share_critical',
  'share_critical_ci95_low',
  'share_critical_ci95_high',
  'sentiment_mean',
  'framing_mean',
  'volume_all',
  'attention',
  'stance_z',
  'stance_flagged',
  'volume_z',
  'volume_flagged',
  'stance_ci95_method',
  'share_ci95_method',
  // With correction= when applied; empty otherwise.
  'share_supportive_corrected',
  'share_supportive_corrected_ci95_low',
  'share_supportive_corrected_ci95_high',
  'share_neutral_corrected',
  'share_neutral_corrected_ci95_low',
  'share_neutral_corrected_ci95_high',
  'share_critical_corrected',
  'share_critical_corrected_ci95_low',
  'share_critical_corrected_ci95_high',
  'stance_index_corrected',
  'stance_index_corrected_ci95_low',
  'stance_index_corrected_ci95_high',
  'stance_index_uncorrected',
];

// A CSV has no place for the response's `intervals` block: every row names its intervals' methods.
const STANCE_METHOD = TREND_INTERVAL_METHODS.stance.method;
const SHARE_METHOD = TREND_INTERVAL_METHODS.shares.method;

function row(key: string | null, label: string | null, point: TrendPoint): CsvCell[] {
  const { stance, shares } = point;
  return [
    key,
    label,
    point.bucket,
    point.n,
    stance.mean,
    stance.ci95?.[0],
    stance.ci95?.[1],
    ...(['supportive', 'neutral', 'critical'] as const).flatMap((label) => [
      shares[label].share,
      shares[label].ci95?.[0],
      shares[label].ci95?.[1],
    ]),
    point.sentiment.mean,
    point.framing.mean,
    point.volume.all,
    point.volume.attention,
    point.anomaly.stance.z,
    point.anomaly.stance.flagged,
    point.anomaly.volume.z,
    point.anomaly.volume.flagged,
    STANCE_METHOD,
    SHARE_METHOD,
    ...(['supportive', 'neutral', 'critical'] as const).flatMap((label) => {
      const corrected = shares[label].corrected;
      return [corrected?.share, corrected?.ci95[0], corrected?.ci95[1]];
    }),
    stance.corrected?.mean,
    stance.corrected?.ci95[0],
    stance.corrected?.ci95[1],
    stance.corrected?.uncorrected,
  ];
}

/** The same series as the JSON, one row per (series, bucket). */
export function trendCsv(result: TrendResult): string {
  const rows = result.points
    ? result.points.map((point) => row(null, null, point))
    : (result.series ?? []).flatMap((series) =>
        series.points.map((point) => row(series.key, series.label, point)),
      );
  return toCsv(HEADER, rows);
}
