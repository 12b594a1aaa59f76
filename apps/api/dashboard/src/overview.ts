/** Overview: the stance index, volume and attention, shares and framing, and the buckets as a table. */
import {
  framingChart,
  sharesChart,
  shownShare,
  stanceChart,
  volumeChart,
  type ChartOptions,
} from './charts.js';
import { button, h, message, replace, table } from './dom.js';
import { bucketLabel, interval95, percent, signed } from './format.js';
import { navigate, trendParams } from './state.js';
import { annotationList, annotationsOf, chartAnnotation } from './annotations.js';
import type { Trend, TrendPoint } from './api-types.js';
import { viewLink } from './links.js';
import { getTrend } from './trend.js';
import type { ViewContext } from './view.js';

function panel(id: string, title: string, note: string): [HTMLElement, HTMLElement] {
  const chart = h('div', { class: 'chart', id, 'aria-hidden': 'true' });
  const figure = h(
    'figure',
    { class: 'panel' },
    h('figcaption', {}, title),
    h('p', { class: 'note' }, note),
    chart,
  );
  return [figure, chart];
}

function anomalyText(point: TrendPoint): string {
  const flags = [point.anomaly.stance.flagged && 'stance', point.anomaly.volume.flagged && 'volume'].filter(
    Boolean,
  );
  return flags.length ? `⚠ ${flags.join(', ')}` : '';
}

/** The accessible twin of the charts: one row per bucket, with a button listing its articles. */
function bucketTable(
  points: TrendPoint[],
  tz: string,
  interval: string,
  open: (index: number) => void,
): HTMLElement {
  const rows = points.map((point, index) => {
    const label = bucketLabel(point.bucket, tz, interval);
    return [
      label,
      point.n,
      signed(point.stance.mean),
      interval95(point.stance.ci95),
      `${percent(shownShare(point, 'supportive'))} / ${percent(shownShare(point, 'neutral'))} / ${percent(shownShare(point, 'critical'))}`,
      point.stance.corrected
        ? `${signed(point.stance.corrected.mean)} ${interval95(point.stance.corrected.ci95)}`
        : '–',
      signed(point.framing.mean),
      `${point.volume.all} (${percent(point.volume.attention)})`,
      anomalyText(point),
      button('Articles', () => open(index), {
        'aria-label': `Articles of ${label} (${point.n} scored)`,
        class: 'bucket-open',
      }),
    ];
  });
  return table(
    'Buckets: the numbers behind the charts',
    [
      'Bucket',
      'Scored',
      'Stance',
      '95% interval',
      'Supp. / neutral / crit.',
      'Corrected supp. − crit. (95%)',
      'Framing',
      'All articles (attention)',
      'Anomaly',
      '',
    ],
    rows,
  );
}

/** The corrected-shares switch, with the gold labels it rests on, or why the shares stay uncorrected. */
function correctionToggle(current: 'none' | 'acc', trend: Trend): HTMLElement {
  const on = current === 'acc';
  const toggle = button(
    on ? 'Show shares as counted' : 'Correct shares for the model’s errors',
    () => navigate({ correction: on ? 'none' : 'acc' }),
    { 'aria-pressed': String(on), class: 'correction-toggle' },
  );
  const correction = trend.correction;
  if (!correction) return h('div', { class: 'correction' }, toggle);
  const { supportive, neutral, critical } = correction.labelCounts.all;
  const counts = `gold labels: ${supportive} supportive, ${neutral} neutral, ${critical} critical`;
  const status = correction.applied
    ? `Corrected (adjusted classify-and-count) from ${counts}. The table's corrected supportive − critical share is not the stance index above.`
    : `Not corrected: ${correction.reason} (${counts}).`;
  return h(
    'div',
    { class: 'correction' },
    toggle,
    h('p', { class: 'note correction-status' }, status),
    h(
      'p',
      { class: 'note' },
      viewLink({ view: 'validation', model: '', compare: '' }, 'How well the model does on these labels'),
    ),
  );
}

export async function renderOverview(root: HTMLElement, context: ViewContext): Promise<void> {
  const { state } = context;
  replace(root, message('info', 'Loading trends…'));
  const trend = await getTrend(trendParams(state));
  const { annotations, error: annotationError } = await annotationsOf(trend);
  if (!context.isCurrent()) return;
  const points = trend.points ?? [];
  const open = (index: number) =>
    navigate({
      view: 'articles',
      q: '',
      at: points[index].bucket,
      until: points[index + 1]?.bucket ?? trend.query.to,
    });
  const scored = points.reduce((sum, point) => sum + point.n, 0);
  const [stanceFigure, stance] = panel(
    'chart-stance',
    'Stance index with its 95% interval',
    'Mean of P(supportive) − P(critical) per bucket; orange dots are anomalies. Click a bucket to list its articles.',
  );
  const [volumeFigure, volume] = panel(
    'chart-volume',
    'Volume and attention',
    'Bars: relevant scored articles. Dashed line: their share of all coverage by the same outlets.',
  );
  const corrected = trend.correction?.applied === true;
  const [sharesFigure, shares] = panel(
    'chart-shares',
    corrected ? 'Shares corrected for the model’s errors' : 'Shares: supportive, neutral, critical',
    'Stacked to 100%: solid ▲ supportive, dotted ● neutral, hatched ▼ critical.',
  );
  sharesFigure.append(correctionToggle(state.correction, trend));
  const [framingFigure, framing] = panel(
    'chart-framing',
    'Framing',
    'Above zero: cooperation; below: conflict.',
  );
  replace(
    root,
    h('h2', {}, 'Overview'),
    h(
      'p',
      { class: 'summary' },
      `${scored} scored articles in ${points.length} ${state.interval} buckets (${state.tz}); served from ${trend.query.source}.`,
    ),
    scored === 0 && message('info', 'No scored articles in this period for these filters.'),
    annotationList(annotations, state.tz),
    annotationError !== null && message('warning', annotationError),
    h('div', { class: 'grid' }, stanceFigure, volumeFigure, sharesFigure, framingFigure),
    h('p', { class: 'note' }, trend.anomaly.method),
    h(
      'p',
      { class: 'note' },
      `Intervals: ${trend.intervals.stance.description} ${trend.intervals.shares.description}`,
    ),
    bucketTable(points, state.tz, state.interval, open),
  );
  const options: ChartOptions = { tz: state.tz, onPick: open, annotations: annotations.map(chartAnnotation) };
  for (const draw of [
    () => stanceChart(stance, points, options),
    () => volumeChart(volume, points, options),
    () => sharesChart(shares, points, options),
    () => framingChart(framing, points, options),
  ]) {
    const chart = draw();
    context.onDispose(() => chart.destroy());
  }
}
