/** Time-zone facts the trend query needs, from the runtime's ICU data. */

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Creating a DateTimeFormat costs far more than using one, and a year of days asks 366 times.
// Zone names are case-insensitive, so the cache is bounded rather than keyed by every spelling.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_FORMATS = 500;

function offsetFormat(tz: string): Intl.DateTimeFormat {
  let format = offsetFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
    if (offsetFormats.size >= MAX_CACHED_FORMATS) offsetFormats.clear();
    offsetFormats.set(tz, format);
  }
  return format;
}

const OFFSET = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/;

/** The zone's offset from UTC at an instant, in minutes (Moscow: 180); seconds of a mean time dropped. */
export function offsetMinutes(tz: string, at: Date): number {
  // `format` rather than `formatToParts`: the same text, without building an array of parts.
  const match = OFFSET.exec(offsetFormat(tz).format(at));
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The zone's offset from UTC at an instant, in seconds: local mean times are not whole minutes
 * (Moscow until 1916: +2:30:17), and PostgreSQL buckets by the seconds too.
 */
export function offsetSeconds(tz: string, at: Date): number {
  const match = OFFSET.exec(offsetFormat(tz).format(at));
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return match[1] === '-' ? -seconds : seconds;
}

const DAY_MS = 86_400_000;

/**
 * Days between the samples that are always read. No offset of any zone in the runtime's time-zone
 * data lasts under six days (checked over 1800–2200 for every zone of ICU 78 / tzdata 2025c: the
 * shortest are 6 days 23 hours, Brazil's October 2000 and Gaza's predicted Ramadan breaks). So every
 * run of one offset holds a sample, and two samples six days apart with the same offset have only
 * that offset between them: none can start and end in between.
 */
const STEP_DAYS = 6;

/**
 * The offsets the zone has at `from`, at `to` and at every whole day after `from` before `to`: one
 * value means a fixed offset. The days are not all read: samples six days apart, and a bisection of the
 * days between two samples that differ, so the work is a sixth of the days plus a few reads for each
 * transition, instead of one read a day (over the four centuries a month trend may span, ~30 ms
 * instead of ~0.35 s). The result is the day-by-day one (time-zone.spec.ts compares them).
 */
export function offsetsBetween(tz: string, from: Date, to: Date): Set<number> {
  const start = from.getTime();
  const atDay = (day: number) => offsetMinutes(tz, new Date(start + day * DAY_MS));
  const offsets = new Set<number>([atDay(0), offsetMinutes(tz, to)]);
  const lastDay = Math.ceil((to.getTime() - start) / DAY_MS) - 1;
  let day = 0;
  let offset = atDay(0);
  while (day < lastDay) {
    const next = Math.min(day + STEP_DAYS, lastDay);
    const nextOffset = atDay(next);
    offsets.add(nextOffset);
    if (nextOffset !== offset) addOffsetsWithin(atDay, day, offset, next, nextOffset, offsets);
    day = next;
    offset = nextOffset;
  }
  return offsets;
}

/**
 * Adds the offsets of the days strictly between `low` and `high` (whose offsets differ) by halving:
 * a half whose ends agree has no other offset in it (it is shorter than STEP_DAYS).
 */
function addOffsetsWithin(
  atDay: (day: number) => number,
  low: number,
  lowOffset: number,
  high: number,
  highOffset: number,
  offsets: Set<number>,
): void {
  if (high - low < 2) return;
  const middle = Math.floor((low + high) / 2);
  const middleOffset = atDay(middle);
  offsets.add(middleOffset);
  if (middleOffset !== lowOffset) addOffsetsWithin(atDay, low, lowOffset, middle, middleOffset, offsets);
  if (middleOffset !== highOffset) addOffsetsWithin(atDay, middle, middleOffset, high, highOffset, offsets);
}
