/**
 * Feed dates to UTC. Accepts W3C-DTF/ISO 8601, RFC 822 with named and military zones, asctime,
 * and the forms feeds invent ("Friday, January 29, 2021 04:42 PM", "2019-05-18 10:58:46 +0300").
 * Anything unrecognised or out of range is null, never an Invalid Date. No zone means UTC.
 */
export function parseFeedDate(input: string | null | undefined): Date | null {
  const value = input?.trim();
  if (!value) return null;
  return parseIso(value) ?? parseWords(value);
}

const ISO =
  /^(\d{4})(?:-(\d{2,3})(?:-(\d{2}))?)?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIso(value: string): Date | null {
  const m = ISO.exec(value);
  if (!m) return null;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', s = '0', zone] = m;
  const offset = zone ? zoneOffsetMinutes(zone) : 0;
  if (offset === null) return null;
  return build(+y, +mo, +d, +h, +mi, +s, offset);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$/i;

/** RFC 822 and friends, read as tokens: every token must be understood. */
function parseWords(value: string): Date | null {
  const tokens = value
    .replace(/,/g, ' ')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .split(/\s+/)
    .filter(Boolean);
  let month: number | null = null;
  const numbers: number[] = [];
  let year: number | null = null;
  let time: [number, number, number] | null = null;
  let meridiem: 'am' | 'pm' | null = null;
  let offset: number | null = null;
  for (const token of tokens) {
    const lower = token.toLowerCase();
    const slashDate = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(token);
    const clock = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(token);
    const monthIndex = /^[a-z]{3,}\.?$/i.test(token) ? monthNumber(lower) : null;
    if (slashDate) {
      [year, month] = [+slashDate[1], +slashDate[2]];
      numbers.push(+slashDate[3]);
    } else if (clock && !time) {
      time = [+clock[1], +clock[2], +(clock[3] ?? 0)];
    } else if (monthIndex !== null) {
      if (month !== null && month !== monthIndex) return null;
      month = monthIndex;
    } else if (WEEKDAYS.test(token)) {
      continue;
    } else if (lower === 'am' || lower === 'pm') {
      meridiem = lower;
    } else if (/^\d{1,4}$/.test(token)) {
      if (token.length >= 3) {
        if (year !== null) return null;
        year = +token;
      } else numbers.push(+token);
    } else if (offset === null && time !== null && zoneOffsetMinutes(token) !== null) {
      offset = zoneOffsetMinutes(token);
    } else {
      return null;
    }
  }
  if (month === null) return null;
  const day = numbers.shift();
  if (year === null) {
    const short = numbers.shift();
    if (short === undefined) return null;
    year = short < 70 ? 2000 + short : 1900 + short;
  }
  if (day === undefined || numbers.length > 0) return null;
  const [hour, mi, s] = time ?? [0, 0, 0];
  let h = hour;
  if (meridiem) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  return build(year, month, day, h, mi, s, offset ?? 0);
}

function monthNumber(word: string): number | null {
  const stem = word.replace(/\.$/, '');
  const index = MONTHS.findIndex(
    (m) => stem.startsWith(m) && (stem.length === 3 || MONTH_NAMES[MONTHS.indexOf(m)] === stem),
  );
  return index < 0 ? null : index + 1;
}
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const NAMED_ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  'etc/gmt': 0,
  'etc/utc': 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  at: -240,
  et: -300,
  ct: -360,
  mt: -420,
  pt: -480,
  ast: -240,
  adt: -180,
  akst: -540,
  akdt: -480,
  hst: -600,
  bst: 60,
  ist: 330,
  cet: 60,
  cest: 120,
  met: 60,
  mest: 120,
  eet: 120,
  eest: 180,
  wet: 0,
  west: 60,
  msk: 180,
  msd: 240,
  jst: 540,
  kst: 540,
  hkt: 480,
  sgt: 480,
  aest: 600,
  aedt: 660,
  acst: 570,
  awst: 480,
  nzst: 720,
  nzdt: 780,
};

/** Minutes east of UTC for a zone token, or null if it is not a zone. */
function zoneOffsetMinutes(token: string): number | null {
  const lower = token.toLowerCase();
  if (lower in NAMED_ZONES) return NAMED_ZONES[lower];
  // RFC 822 military letters, as RFC 822 defines them (J is unused): A–I = −1…−9 h,
  // K–M = −10…−12 h, N–Y = +1…+12 h.
  if (/^[a-ik-y]$/.test(lower)) {
    const c = lower.charCodeAt(0);
    if (lower <= 'i') return -(c - 96) * 60;
    if (lower <= 'm') return -(c - 97) * 60;
    return (c - 109) * 60;
  }
  const numeric = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(lower);
  if (!numeric) return null;
  const [hours, minutes] = [+numeric[2], +(numeric[3] ?? 0)];
  if (hours > 23 || minutes > 59) return null;
  return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMinutes: number,
): Date | null {
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 24 || mi > 59 || s > 60) return null;
  if (h === 24 && (mi > 0 || s > 0)) return null;
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi - offsetMinutes, Math.min(s, 59), 0);
  return Number.isNaN(date.getTime()) ? null : date;
}

function daysIn(y: number, mo: number): number {
  return new Date(Date.UTC(2000, mo, 0)).getUTCDate() + (mo === 2 && !isLeap(y) ? -1 : 0);
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
