/** Compare: the stance index per outlet, country, language or kind side by side, and the sources table. */
import { getJson } from './api.js';
import { stanceChart } from './charts.js';
import { h, message, replace, table } from './dom.js';
import { dateTime, percent, signed } from './format.js';
import { GROUPS, filterParams, navigate, trendParams, type State } from './state.js';
import type { ListSourcesResponse, TrendSeries } from './api-types.js';
import { annotationList, annotationsOf, chartAnnotation } from './annotations.js';
import { getTrend } from './trend.js';
import type { ViewContext } from './view.js';

const MAX_PANELS = 12;

/** A series' figures over the whole period, each bucket weighted by its scored count. */
function totals(series: TrendSeries) {
  let n = 0;
  const sums = { stance: 0, supportive: 0, neutral: 0, critical: 0 };
  for (const point of series.points) {
    if (point.n === 0) continue;
    n += point.n;
    sums.stance += (point.stance.mean ?? 0) * point.n;
    sums.supportive += (point.shares.supportive.share ?? 0) * point.n;
    sums.neutral += (point.shares.neutral.share ?? 0) * point.n;
    sums.critical += (point.shares.critical.share ?? 0) * point.n;
  }
  const mean = (sum: number) => (n ? sum / n : null);
  return {
    n,
    stance: mean(sums.stance),
    supportive: mean(sums.supportive),
    neutral: mean(sums.neutral),
    critical: mean(sums.critical),
  };
}

function groupSelect(state: State): HTMLElement {
  const element = h(
    'select',
    { id: 'compare-by', name: 'groupBy' },
    ...GROUPS.map((group) => h('option', { value: group, selected: group === state.groupBy }, group)),
  );
  element.addEventListener('change', () => navigate({ groupBy: element.value as State['groupBy'] }));
  return h('div', { class: 'field' }, h('label', { for: 'compare-by' }, 'Compare by'), element);
}

function sourcesTable(sources: ListSourcesResponse, tz: string): HTMLElement {
  return table(
    'Sources over the period',
    [
      'Outlet',
      'Feed',
      'Country',
      'Language',
      'Kind',
      'Articles',
      'Relevant',
      'Scored',
      'Mean stance',
      'Supp. / neutral / crit.',
      'Last success',
      'Status',
    ],
    sources.sources.map((row) => [
      row.outlet,
      row.title ?? row.url,
      row.country,
      row.language,
      row.kind,
      row.articles,
      row.relevant,
      row.scored,
      signed(row.meanStance),
      `${percent(row.shareSupportive)} / ${percent(row.shareNeutral)} / ${percent(row.shareCritical)}`,
      dateTime(row.health.lastSuccessAt, tz),
      row.health.lastError
        ? `✖ ${row.health.lastStatus ?? 'error'}: ${row.health.lastError}`
        : (row.health.lastStatus ?? '–'),
    ]),
  );
}

export async function renderCompare(root: HTMLElement, context: ViewContext): Promise<void> {
  const { state } = context;
  replace(root, h('h2', {}, 'Compare'), groupSelect(state), message('info', 'Loading…'));
  const params = trendParams(state);
  params.set('groupBy', state.groupBy);
  const [trend, sources] = await Promise.all([
    getTrend(params),
    getJson<ListSourcesResponse>('/api/v1/sources', filterParams(state)),
  ]);
  const { annotations, error: annotationError } = await annotationsOf(trend);
  if (!context.isCurrent()) return;
  const series = (trend.series ?? [])
    .map((s) => ({ series: s, totals: totals(s) }))
    .sort((a, b) => b.totals.n - a.totals.n);
  const shown = series.slice(0, MAX_PANELS);
  const panels = shown.map(({ series: s, totals: t }) => {
    const chart = h('div', { class: 'chart', 'aria-hidden': 'true' });
    const figure = h(
      'figure',
      { class: 'panel' },
      h('figcaption', {}, `${s.label ?? s.key}: ${t.n} scored, mean ${signed(t.stance)}`),
      chart,
    );
    return { figure, chart, series: s };
  });
  replace(
    root,
    h('h2', {}, 'Compare'),
    groupSelect(state),
    series.length === 0 && message('info', 'Nothing scored in this period for these filters.'),
    annotationList(annotations, state.tz),
    annotationError !== null && message('warning', annotationError),
    series.length > MAX_PANELS &&
      message(
        'info',
        `The ${MAX_PANELS} ${state.groupBy}s with most scored articles are drawn; the table lists all ${series.length}.`,
      ),
    h('div', { class: 'grid small' }, ...panels.map((p) => p.figure)),
    table(
      `Stance by ${state.groupBy} over the period`,
      [state.groupBy, 'Scored', 'Mean stance', 'Supportive', 'Neutral', 'Critical'],
      series.map(({ series: s, totals: t }) => [
        s.label ?? s.key,
        t.n,
        signed(t.stance),
        percent(t.supportive),
        percent(t.neutral),
        percent(t.critical),
      ]),
    ),
    sourcesTable(sources, state.tz),
  );
  for (const panel of panels) {
    const points = panel.series.points;
    const chart = stanceChart(panel.chart, points, {
      tz: state.tz,
      height: 180,
      annotations: annotations.map(chartAnnotation),
      onPick: (index) =>
        navigate({
          view: 'articles',
          [state.groupBy]: [panel.series.key],
          at: points[index].bucket,
          until: points[index + 1]?.bucket ?? trend.query.to,
        }),
    });
    context.onDispose(() => chart.destroy());
  }
}
