import { offsetMinutes, offsetsBetween } from './time-zone.js';

const DAY_MS = 86_400_000;

/** The offset as ICU names it, read the long way (parts), independently of offsetMinutes. */
function referenceOffset(tz: string, at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((part) => part.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/** What offsetsBetween promises, the straightforward way: `from`, `to` and every day in between. */
function dayByDay(tz: string, from: Date, to: Date): Set<number> {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' });
  const read = (at: number) => {
    const name = format.formatToParts(at).find((part) => part.type === 'timeZoneName')!.value;
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (!match) return 0;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === '-' ? -minutes : minutes;
  };
  const offsets = new Set([read(from.getTime()), read(to.getTime())]);
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) offsets.add(read(t));
  return offsets;
}

const sorted = (offsets: Set<number>) => [...offsets].sort((a, b) => a - b);

// Moscow: +3/+4 summer time until 2011, +4 all year 2011–2014, +3 since; Lord Howe: half-hour daylight
// saving (+10:30/+11); Recife and Gaza: the shortest offsets of all, under a week.
const ZONES = [
  'Europe/Moscow',
  'America/New_York',
  'Asia/Shanghai',
  'Australia/Lord_Howe',
  'UTC',
  'Asia/Kolkata',
  'America/Recife',
  'Asia/Gaza',
];

describe('offsetsBetween (the offsets a zone has over a range)', () => {
  it.each(ZONES)('%s: the same offsets as reading every day, over 1900–2100', (tz) => {
    const from = new Date('1900-01-01T00:00:00Z');
    const to = new Date('2100-01-01T00:00:00Z');
    expect(sorted(offsetsBetween(tz, from, to))).toEqual(sorted(dayByDay(tz, from, to)));
  });

  it.each(ZONES)('%s: the same offsets over ranges of days to years starting at any hour', (tz) => {
    const start = Date.parse('1960-01-01T00:00:00Z');
    for (let i = 0; i < 300; i += 1) {
      // Spread over 1960–2090, starting at odd hours, lasting from hours to three years.
      const from = new Date(start + ((i * 15_817) % 47_000) * DAY_MS + ((i * 7) % 24) * 3_600_000);
      const to = new Date(from.getTime() + ((i * 389) % 1_100) * DAY_MS + ((i * 5) % 24) * 3_600_000);
      expect([tz, from.toISOString(), sorted(offsetsBetween(tz, from, to))]).toEqual([
        tz,
        from.toISOString(),
        sorted(dayByDay(tz, from, to)),
      ]);
    }
  });

  it.each([
    ['America/Recife', '2000-10-08T03:00:00Z'],
    ['Asia/Gaza', '2040-10-20T00:00:00Z'],
  ])('%s: finds an offset of under a week (from %s) whatever hour the range starts at', (tz, start) => {
    for (let hours = -14 * 24; hours <= 0; hours += 1) {
      const from = new Date(Date.parse(start) + hours * 3_600_000);
      const to = new Date(from.getTime() + 30 * DAY_MS);
      expect([from.toISOString(), sorted(offsetsBetween(tz, from, to))]).toEqual([
        from.toISOString(),
        sorted(dayByDay(tz, from, to)),
      ]);
      expect(offsetsBetween(tz, from, to).size).toBe(2);
    }
  });

  it('finds Moscow’s 2011 and 2014 changes and Lord Howe’s half hour', () => {
    const moscow = (from: string, to: string) =>
      sorted(offsetsBetween('Europe/Moscow', new Date(from), new Date(to)));
    expect(moscow('2012-01-01T00:00:00Z', '2014-10-01T00:00:00Z')).toEqual([240]);
    expect(moscow('2010-01-01T00:00:00Z', '2012-01-01T00:00:00Z')).toEqual([180, 240]);
    expect(moscow('2014-01-01T00:00:00Z', '2016-01-01T00:00:00Z')).toEqual([180, 240]);
    expect(moscow('2015-01-01T00:00:00Z', '2025-01-01T00:00:00Z')).toEqual([180]);
    expect(
      sorted(offsetsBetween('Australia/Lord_Howe', new Date('2025-01-01'), new Date('2026-01-01'))),
    ).toEqual([630, 660]);
  });

  it('reads an empty or reversed range at its two ends', () => {
    const at = new Date('2025-03-30T00:30:00Z');
    expect(sorted(offsetsBetween('Europe/Berlin', at, at))).toEqual([60]);
    expect(sorted(offsetsBetween('Europe/Berlin', new Date('2025-07-01'), new Date('2025-01-01')))).toEqual([
      60, 120,
    ]);
  });

  it('reads an offset as ICU names it, in minutes', () => {
    for (const tz of ZONES)
      for (const at of [Date.parse('1920-06-01'), Date.parse('2011-06-01'), Date.parse('2025-01-15')])
        expect([tz, at, offsetMinutes(tz, new Date(at))]).toEqual([tz, at, referenceOffset(tz, at)]);
  });
});
