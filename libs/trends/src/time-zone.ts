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

/** The zone's offset from UTC at an instant, in minutes (Moscow: 180). */
export function offsetMinutes(tz: string, at: Date): number {
  const name = offsetFormat(tz)
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0; // "GMT" alone: UTC
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** The offsets the zone has over [from, to], sampled daily: one value means a fixed offset. */
export function offsetsBetween(tz: string, from: Date, to: Date): Set<number> {
  const offsets = new Set<number>([offsetMinutes(tz, from), offsetMinutes(tz, to)]);
  for (let t = from.getTime(); t < to.getTime(); t += 86_400_000) offsets.add(offsetMinutes(tz, new Date(t)));
  return offsets;
}
