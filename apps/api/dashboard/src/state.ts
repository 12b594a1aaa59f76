/** The dashboard's state lives in the query string, so a view can be shared and reloaded. */

export const VIEWS = [
  'overview',
  'compare',
  'articles',
  'alerts',
  'feeds',
  'article',
  'label',
  'validation',
] as const;
export type View = (typeof VIEWS)[number];
export const INTERVALS = ['hour', 'day', 'week', 'month'] as const;
export const GROUPS = ['outlet', 'country', 'language', 'kind'] as const;
export const PRESETS = { '7d': 7, '30d': 30, '1y': 365 } as const;
export type Preset = keyof typeof PRESETS;
const LISTS = ['country', 'language', 'kind', 'outlet'] as const;
export type ListFilter = (typeof LISTS)[number];
/** Shares as counted, or corrected for the model's confusion on the gold labels (adjusted classify-and-count). */
export const CORRECTIONS = ['none', 'acc'] as const;
/** How many articles the label view draws unless the URL says otherwise (the sample API's default). */
export const DEFAULT_SAMPLE_SIZE = 100;
export const MAX_SAMPLE_SIZE = 1000;

export interface State {
  view: View;
  /** A preset range relative to today, or null when from/to are given. */
  range: Preset | null;
  from: string;
  to: string;
  interval: (typeof INTERVALS)[number];
  tz: string;
  groupBy: (typeof GROUPS)[number];
  country: string[];
  language: string[];
  kind: string[];
  outlet: string[];
  q: string;
  correction: (typeof CORRECTIONS)[number];
  /** The bucket whose articles are listed: its start and end (exclusive). */
  at: string;
  until: string;
  /** The article the article view shows. */
  id: string;
  /** The lens the label view samples for ('' = the configured default). */
  lens: string;
  /** The label view's sample: its size and seed (the seed draws the same articles again after a reload). */
  n: number;
  seed: string;
  /** The validation view's model ('' = the configured one) and the one beside it ('' = none). */
  model: string;
  compare: string;
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A preset's period: the last N UTC days, today included. */
export function presetRange(preset: Preset, now = Date.now()): { from: string; to: string } {
  const end = Date.parse(isoDay(now)) + DAY_MS;
  return { from: isoDay(end - PRESETS[preset] * DAY_MS), to: isoDay(end) };
}

function oneOf<T extends string>(values: readonly T[], value: string | null, fallback: T): T {
  return values.includes(value as T) ? (value as T) : fallback;
}

export function readState(search = location.search): State {
  const params = new URLSearchParams(search);
  const custom = params.get('from') && params.get('to');
  const range = custom ? null : oneOf(Object.keys(PRESETS) as Preset[], params.get('range'), '30d');
  const period = range ? presetRange(range) : { from: params.get('from')!, to: params.get('to')! };
  return {
    view: oneOf(VIEWS, params.get('view'), 'overview'),
    range,
    ...period,
    interval: oneOf(INTERVALS, params.get('interval'), 'day'),
    tz: params.get('tz') || 'UTC',
    groupBy: oneOf(GROUPS, params.get('groupBy'), 'outlet'),
    country: params.getAll('country'),
    language: params.getAll('language'),
    kind: params.getAll('kind'),
    outlet: params.getAll('outlet'),
    q: params.get('q') ?? '',
    correction: oneOf(CORRECTIONS, params.get('correction'), 'none'),
    at: params.get('at') ?? '',
    until: params.get('until') ?? '',
    id: /^\d{1,16}$/.test(params.get('id') ?? '') ? params.get('id')! : '',
    lens: params.get('lens') ?? '',
    n: sampleSize(params.get('n')),
    seed: params.get('seed') ?? '',
    model: params.get('model') ?? '',
    compare: params.get('compare') ?? '',
  };
}

function sampleSize(text: string | null): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SAMPLE_SIZE ? n : DEFAULT_SAMPLE_SIZE;
}

/** The query string of a state: only what differs from the defaults. */
export function stateSearch(state: State): string {
  const params = new URLSearchParams();
  if (state.view !== 'overview') params.set('view', state.view);
  if (state.range) {
    if (state.range !== '30d') params.set('range', state.range);
  } else {
    params.set('from', state.from);
    params.set('to', state.to);
  }
  if (state.interval !== 'day') params.set('interval', state.interval);
  if (state.tz !== 'UTC') params.set('tz', state.tz);
  if (state.groupBy !== 'outlet') params.set('groupBy', state.groupBy);
  for (const name of LISTS) for (const value of state[name]) params.append(name, value);
  if (state.q) params.set('q', state.q);
  if (state.correction !== 'none') params.set('correction', state.correction);
  if (state.at && state.until) {
    params.set('at', state.at);
    params.set('until', state.until);
  }
  if (state.id && state.view === 'article') params.set('id', state.id);
  if (state.lens && (state.view === 'label' || state.view === 'validation')) params.set('lens', state.lens);
  if (state.model && state.view === 'validation') params.set('model', state.model);
  if (state.compare && state.view === 'validation') params.set('compare', state.compare);
  if (state.n !== DEFAULT_SAMPLE_SIZE && state.view === 'label') params.set('n', String(state.n));
  if (state.seed && state.view === 'label') params.set('seed', state.seed);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const STATE_EVENT = 'stancewatch:state';

/** Moves to a new state: a history entry (so Back works), then every view re-reads it. */
export function navigate(patch: Partial<State>): void {
  const next = { ...readState(), ...patch };
  history.pushState(null, '', `${location.pathname}${stateSearch(next)}`);
  dispatchEvent(new Event(STATE_EVENT));
}

/** Records a change the view has already drawn (no history entry, no re-render): a reload comes back to it. */
export function remember(patch: Partial<State>): void {
  history.replaceState(null, '', `${location.pathname}${stateSearch({ ...readState(), ...patch })}`);
}

/** The API parameters of the filters: lens scores of who published, over the state's period. */
export function filterParams(state: State, period = { from: state.from, to: state.to }): URLSearchParams {
  const params = new URLSearchParams({ from: period.from, to: period.to });
  for (const name of LISTS) for (const value of state[name]) params.append(name, value);
  return params;
}

export function trendParams(state: State): URLSearchParams {
  const params = filterParams(state);
  params.set('interval', state.interval);
  params.set('tz', state.tz);
  if (state.correction !== 'none') params.set('correction', state.correction);
  return params;
}
