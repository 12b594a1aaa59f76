/** Numbers, times and labels as people read them. */
import { h } from './dom.js';
import type { Score } from './api-types.js';

type StanceLabel = Score['stance']['label'];

const MINUS = '\u2212';

export function signed(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  const text = Math.abs(value).toFixed(digits);
  return value < 0 && Number(text) !== 0 ? `${MINUS}${text}` : `+${text}`;
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${Math.round(value * 100)} %`;
}

export function interval95(ci: [number, number] | null): string {
  return ci ? `${signed(ci[0])} to ${signed(ci[1])}` : '–';
}

/** A bucket's start as a local label in the chosen zone, as precise as the interval. */
export function bucketLabel(iso: string, tz: string, interval: string): string {
  const options: Intl.DateTimeFormatOptions =
    interval === 'hour'
      ? { dateStyle: 'medium', timeStyle: 'short' }
      : interval === 'month'
        ? { year: 'numeric', month: 'long' }
        : { dateStyle: 'medium' };
  return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: tz }).format(new Date(iso));
}

export function dateTime(iso: string | null | undefined, tz = 'UTC'): string {
  if (!iso) return '–';
  const text = new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: tz,
  }).format(new Date(iso));
  return tz === 'UTC' ? `${text} UTC` : text;
}

/** A time relative to now: "in 4 min", "12 min ago". */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

const SYMBOL: Record<StanceLabel, string> = { supportive: '▲', neutral: '●', critical: '▼' };

/** A stance label as a chip: colour, symbol and word, so colour is never the only cue. */
export function stanceChip(label: StanceLabel | null | undefined): HTMLElement {
  if (!label) return h('span', { class: 'chip chip-none' }, 'not scored');
  return h('span', { class: `chip chip-${label}` }, `${SYMBOL[label]} ${label}`);
}
