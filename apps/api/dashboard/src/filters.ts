/** The filter bar: period, interval, time zone and who published; every change goes into the URL. */
import { button, h, type Child } from './dom.js';
import { INTERVALS, PRESETS, navigate, type ListFilter, type Preset, type State } from './state.js';
import type { Feed } from './api-types.js';

const PRESET_LABELS: Record<Preset, string> = { '7d': '7 days', '30d': '30 days', '1y': '1 year' };
const ZONES = ['UTC', 'Europe/Moscow', 'Asia/Shanghai'];

function select(
  label: string,
  name: string,
  options: [value: string, text: string][],
  value: string,
  onChange: (value: string) => void,
): HTMLElement {
  const id = `filter-${name}`;
  const element = h(
    'select',
    { id, name },
    ...options.map(([optionValue, text]) =>
      h('option', { value: optionValue, selected: optionValue === value }, text),
    ),
  );
  element.addEventListener('change', () => onChange(element.value));
  return h('div', { class: 'field' }, h('label', { for: id }, label), element);
}

function distinct(feeds: Feed[], pick: (feed: Feed) => string): string[] {
  return [...new Set(feeds.map(pick))].sort((a, b) => a.localeCompare(b));
}

/** One value of a repeatable filter, chosen from the registry's values; "all" clears it. */
function listSelect(label: string, name: ListFilter, values: string[], state: State): HTMLElement {
  const current = state[name][0] ?? '';
  const known = current && !values.includes(current) ? [current, ...values] : values;
  return select(
    label,
    name,
    [['', 'All'], ...known.map((value): [string, string] => [value, value])],
    current,
    (value) => navigate({ [name]: value ? [value] : [], at: '', until: '' }),
  );
}

function zones(state: State): string[] {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set([...ZONES, local, state.tz].filter(Boolean))];
}

function period(state: State): HTMLElement {
  const presets = (Object.keys(PRESETS) as Preset[]).map((preset) =>
    button(PRESET_LABELS[preset], () => navigate({ range: preset, at: '', until: '' }), {
      'aria-pressed': String(state.range === preset),
      class: 'preset',
    }),
  );
  const from = h('input', {
    type: 'date',
    id: 'filter-from',
    name: 'from',
    value: state.from.slice(0, 10),
    required: true,
  });
  const to = h('input', {
    type: 'date',
    id: 'filter-to',
    name: 'to',
    value: state.to.slice(0, 10),
    required: true,
  });
  const form = h(
    'form',
    { class: 'period', 'aria-label': 'Custom period' },
    h('div', { class: 'field' }, h('label', { for: 'filter-from' }, 'From'), from),
    h('div', { class: 'field' }, h('label', { for: 'filter-to' }, 'To (exclusive)'), to),
    h('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (from.value && to.value) navigate({ range: null, from: from.value, to: to.value, at: '', until: '' });
  });
  return h(
    'fieldset',
    { class: 'filter-group' },
    h('legend', {}, 'Period'),
    h('div', { class: 'presets', role: 'group', 'aria-label': 'Presets' }, ...presets),
    form,
  );
}

export function filterBar(state: State, feeds: Feed[]): HTMLElement {
  const children: Child[] = [
    period(state),
    h(
      'fieldset',
      { class: 'filter-group' },
      h('legend', {}, 'Buckets'),
      select(
        'Interval',
        'interval',
        INTERVALS.map((i) => [i, i]),
        state.interval,
        (value) => navigate({ interval: value as State['interval'], at: '', until: '' }),
      ),
      select(
        'Time zone',
        'tz',
        zones(state).map((z) => [z, z]),
        state.tz,
        (value) => navigate({ tz: value, at: '', until: '' }),
      ),
    ),
    h(
      'fieldset',
      { class: 'filter-group' },
      h('legend', {}, 'Sources'),
      listSelect(
        'Country',
        'country',
        distinct(feeds, (f) => f.country),
        state,
      ),
      listSelect(
        'Language',
        'language',
        distinct(feeds, (f) => f.language),
        state,
      ),
      listSelect(
        'Kind',
        'kind',
        distinct(feeds, (f) => f.kind),
        state,
      ),
      listSelect(
        'Outlet',
        'outlet',
        distinct(feeds, (f) => f.outlet),
        state,
      ),
    ),
  ];
  return h('section', { class: 'filters', 'aria-label': 'Filters' }, ...children);
}
