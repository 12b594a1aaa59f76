/**
 * The feed conformance corpus (../shared/corpus/feeds, see its SOURCES.md) run through our
 * parser, with pass rates per expectation file and per category.
 *
 * How feedparser's result names map onto FeedDocument:
 *   feed.title → feed.title, feed.link → feed.link, entries.length → items.length,
 *   entries[i].title/summary → title/summary, .link → url, .id → guid, .author.name → author,
 *   .content → summary (we keep one text field: description/summary first, content as fallback),
 *   .published/.updated → publishedAt (we take published, else updated; feedparser files dc:date
 *   under updated, we under published — the instant is the same).
 * Text values are compared in FeedDocument's plain-text form: whitespace runs (NBSP included)
 * collapsed to one space and trimmed; a null field equals ''.
 * FeedDocument has no field for feed.id, feed.author.*, feed dates, author e-mail/URL or
 * enclosures: those checks are counted as "not applicable", never as passed.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  decodeFeedBytes,
  type FeedDocument,
  FeedParseError,
  parseFeedBytes,
  parseFeedDate,
  htmlToText,
} from '../../libs/feeds/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const CORPUS_DIR = resolve(here, '../../../shared/corpus/feeds');

export function corpusAvailable(): boolean {
  return existsSync(join(CORPUS_DIR, 'SOURCES.md'));
}

export interface CheckOutcome {
  source: string;
  category: string;
  file: string;
  path: string;
  expected: unknown;
  actual: unknown;
  status: 'pass' | 'fail' | 'n/a';
}

export interface Rate {
  passed: number;
  total: number;
  notApplicable: number;
}

export interface CorpusFigures {
  bySource: Record<string, Rate>;
  byCategory: Record<string, Rate>;
  outcomes: CheckOutcome[];
}

interface Check {
  path: string;
  op: '==' | 'contains' | 'startswith';
  value: unknown;
}
interface ExpectationCase {
  file: string;
  category?: string;
  input: 'text' | 'bytes' | 'http' | 'file';
  http_url?: string;
  http_headers?: Record<string, string>;
  encoding?: string;
  checks: Check[];
}

type Parsed = { doc: FeedDocument } | { error: string };

async function parseCase(c: ExpectationCase): Promise<Parsed> {
  const bytes = readFileSync(join(CORPUS_DIR, c.file));
  const headers = c.http_headers ?? {};
  const contentType = c.input === 'http' ? (headers['Content-Type'] ?? 'text/xml') : null;
  let documentUrl = c.input === 'http' ? c.http_url : undefined;
  if (documentUrl && headers['Content-Location'])
    documentUrl = new URL(headers['Content-Location'], documentUrl).href;
  try {
    return { doc: await parseFeedBytes(bytes, { contentType, documentUrl }) };
  } catch (error) {
    if (error instanceof FeedParseError) return { error: error.message };
    return { error: `unexpected ${String(error)}` };
  }
}

const NOT_APPLICABLE =
  /^feed\.(id|author\.|updated|published)|^entries\[\d+\]\.(author\.(email|url)|enclosures)/;

function actualValue(doc: FeedDocument, path: string): unknown {
  if (path === 'feed.title') return doc.feed.title;
  if (path === 'feed.link') return doc.feed.link;
  if (path === 'entries.length') return doc.items.length;
  const m = /^entries\[(\d+)\]\.(.+)$/.exec(path);
  const item = m ? doc.items[Number(m[1])] : undefined;
  if (!m || !item) return undefined;
  switch (m[2]) {
    case 'title':
      return item.title;
    case 'summary':
    case 'content':
      return item.summary;
    case 'link':
      return item.url;
    case 'id':
      return item.guid;
    case 'author.name':
      return item.author;
    case 'published':
    case 'updated':
      return item.publishedAt ? item.publishedAt.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
    default:
      return undefined;
  }
}

const TEXT_FIELD = /(title|summary|content|author\.name)$/;

export function plainForm(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value.replace(/[\s\u00a0]+/g, ' ').trim() : value;
}

function compare(check: Check, actual: unknown): boolean {
  const text = TEXT_FIELD.test(check.path);
  const a = text ? plainForm(actual) : actual;
  const e = text ? plainForm(check.value) : check.value;
  if (check.op === 'contains') return typeof a === 'string' && a.includes(String(e));
  if (check.op === 'startswith') return typeof a === 'string' && a.startsWith(String(e));
  return a === e;
}

async function runExpectationFile(name: string, figures: CorpusFigures): Promise<void> {
  const cases = JSON.parse(readFileSync(join(CORPUS_DIR, name), 'utf8')) as ExpectationCase[];
  for (const c of cases) {
    if (c.checks.length === 0) continue;
    const parsed = await parseCase(c);
    for (const check of c.checks) {
      const base = {
        source: name,
        category: c.category ?? categoryOf(c.file),
        file: c.file,
        path: check.path,
        expected: check.value,
      };
      if (NOT_APPLICABLE.test(check.path)) {
        record(figures, { ...base, actual: null, status: 'n/a' });
        continue;
      }
      const actual = 'doc' in parsed ? actualValue(parsed.doc, check.path) : `error: ${parsed.error}`;
      record(figures, {
        ...base,
        actual,
        status: 'doc' in parsed && compare(check, actual) ? 'pass' : 'fail',
      });
    }
  }
}

/** feedparser's own encoding expectations (metadata, not clean checks): same charset, aliases allowed. */
async function runEncodingExpectations(figures: CorpusFigures): Promise<void> {
  const cases = JSON.parse(
    readFileSync(join(CORPUS_DIR, 'feedparser-expectations.json'), 'utf8'),
  ) as ExpectationCase[];
  for (const c of cases) {
    if (!c.encoding || c.input === 'text') continue;
    const bytes = readFileSync(join(CORPUS_DIR, c.file));
    const contentType = c.input === 'http' ? (c.http_headers?.['Content-Type'] ?? 'text/xml') : null;
    const actual = decodeFeedBytes(bytes, contentType).encoding;
    const ok = sameCharset(c.encoding, actual);
    record(figures, {
      source: 'feedparser encoding metadata',
      category: c.category ?? 'encoding',
      file: c.file,
      path: 'encoding',
      expected: c.encoding,
      actual,
      status: ok ? 'pass' : 'fail',
    });
  }
}

const CHARSET_ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  utf8: 'utf-8',
  'utf-16': 'utf-16be',
  'utf-32': 'utf-32be',
  utf_16: 'utf-16be',
  utf_32: 'utf-32be',
  euc_kr: 'euc-kr',
  koi8_r: 'koi8-r',
  cp1251: 'windows-1251',
};
function sameCharset(expected: string, actual: string): boolean {
  const norm = (s: string) => {
    const lower = s.toLowerCase().replace(/_/g, '-');
    return CHARSET_ALIASES[lower] ?? lower;
  };
  return (
    norm(expected) === norm(actual) ||
    norm(expected).replace(/(le|be)$/, '') === norm(actual).replace(/(le|be)$/, '')
  );
}

interface RssParserCase {
  name: string;
  input: string;
  expected: string;
  input_mode: string;
}

/** rss-parser's expected outputs, mapped: feed title, item count, item title/link/guid/date. */
async function runRssParserCases(figures: CorpusFigures): Promise<void> {
  const dir = join(CORPUS_DIR, 'rss-parser');
  const { cases } = JSON.parse(readFileSync(join(dir, 'CASES.json'), 'utf8')) as { cases: RssParserCase[] };
  for (const c of cases) {
    const bytes = readFileSync(join(dir, c.input));
    const contentType = c.input_mode === 'http-latin1' ? 'text/xml; charset=latin1' : null;
    let parsed: Parsed;
    try {
      parsed = { doc: await parseFeedBytes(bytes, { contentType }) };
    } catch (error) {
      parsed = { error: error instanceof FeedParseError ? error.message : `unexpected ${String(error)}` };
    }
    const base = { source: 'rss-parser/CASES.json', category: c.name, file: c.input };
    if (c.name === 'unrecognized') {
      record(figures, {
        ...base,
        path: 'error',
        expected: 'FeedParseError',
        actual: parsed,
        status: 'error' in parsed && !parsed.error.startsWith('unexpected') ? 'pass' : 'fail',
      });
      continue;
    }
    if (!c.expected) {
      record(figures, {
        ...base,
        path: 'parses',
        expected: true,
        actual: 'doc' in parsed ? true : parsed,
        status: 'doc' in parsed ? 'pass' : 'fail',
      });
      continue;
    }
    const raw = readFileSync(join(dir, c.expected), c.input_mode === 'http-latin1' ? 'latin1' : 'utf8');
    const expected = JSON.parse(raw).feed as { title?: string; items: Record<string, string | undefined>[] };
    const checks: Array<[string, unknown, (d: FeedDocument) => unknown]> = [
      ['feed.title', plainForm(htmlToText(expected.title)), (d) => plainForm(d.feed.title)],
      ['items.length', expected.items.length, (d) => d.items.length],
    ];
    expected.items.forEach((item, i) => {
      if (item.title !== undefined)
        checks.push([
          `items[${i}].title`,
          plainForm(htmlToText(item.title)),
          (d) => plainForm(d.items[i]?.title),
        ]);
      if (item.link) checks.push([`items[${i}].link`, item.link, (d) => d.items[i]?.url]);
      const guid = item.guid ?? item.id;
      if (guid) checks.push([`items[${i}].guid`, guid, (d) => d.items[i]?.guid]);
      if (item.isoDate)
        checks.push([`items[${i}].isoDate`, item.isoDate, (d) => d.items[i]?.publishedAt?.toISOString()]);
    });
    for (const [path, want, get] of checks) {
      const actual = 'doc' in parsed ? get(parsed.doc) : `error: ${parsed.error}`;
      record(figures, { ...base, path, expected: want, actual, status: actual === want ? 'pass' : 'fail' });
    }
  }
}

async function runDateVectors(figures: CorpusFigures): Promise<void> {
  const vectors = JSON.parse(
    readFileSync(join(CORPUS_DIR, 'feedparser-date-vectors.json'), 'utf8'),
  ) as Array<{ parser: string; input: string; expected_utc: string | null }>;
  for (const v of vectors) {
    const date = parseFeedDate(v.input);
    const actual = date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
    record(figures, {
      source: 'feedparser-date-vectors.json',
      category: v.parser.replace(/^parse_date_/, ''),
      file: v.input,
      path: 'date',
      expected: v.expected_utc,
      actual,
      status: actual === v.expected_utc ? 'pass' : 'fail',
    });
  }
}

/** Every real/ news feed parses, has items with titles, and Cyrillic titles decode without mojibake. */
async function runRealFeeds(figures: CorpusFigures): Promise<void> {
  const files = [
    'themoscowtimes_news_2017-01-23.xml',
    'reuters_worldnews_2017-01-07.xml',
    'citydog-by_news_2017-01-25_ru_bom-no-encoding-decl.xml',
    'meduza-io_all_2020-10-15.xml',
    'aif-ru_2019-05-18.xml',
    'news18-hindi_world-china_2021-01-29_odd-dates.xml',
    'oren-ru_news_2014-01-23_windows-1251.xml',
    'yandex-news_moscow_2017-01-07_double-encoded-utf8.xml',
  ];
  for (const name of files) {
    const file = `real/${name}`;
    const parsed = await parseCase({ file, input: 'bytes', checks: [] });
    const base = { source: 'real/', category: name.split('_')[0], file };
    const doc = 'doc' in parsed ? parsed.doc : null;
    const titles = doc?.items.map((i) => i.title ?? '') ?? [];
    const cyrillicExpected = /-ru|oren-ru|citydog|meduza|yandex/.test(name);
    const readable =
      titles.length > 0 &&
      titles.every((t) => t !== '' && !/[\uFFFD]|Ð[\u0080-\u00BF]|Ñ[\u0080-\u00BF]/.test(t));
    const cyrillic = !cyrillicExpected || titles.every((t) => /\p{Script=Cyrillic}/u.test(t));
    const dated = doc !== null && doc.items.every((i) => i.publishedAt !== null);
    const outcomes: Array<[string, boolean, unknown]> = [
      ['parses with items', doc !== null && doc.items.length > 0, doc ? doc.items.length : parsed],
      ['titles readable (no mojibake)', readable, titles.slice(0, 2)],
      ['titles in Cyrillic where the outlet is Russian', cyrillic, titles.slice(0, 2)],
      ['every item dated', dated, doc?.items.filter((i) => !i.publishedAt).length],
    ];
    for (const [path, ok, actual] of outcomes)
      record(figures, { ...base, path, expected: true, actual, status: ok ? 'pass' : 'fail' });
  }
}

function categoryOf(file: string): string {
  return file.split('/').slice(0, -1).slice(-2).join('/') || file;
}

function record(figures: CorpusFigures, outcome: CheckOutcome): void {
  figures.outcomes.push(outcome);
  for (const [table, key] of [
    [figures.bySource, outcome.source],
    [figures.byCategory, `${outcome.source} :: ${outcome.category}`],
  ] as const) {
    const rate = (table[key] ??= { passed: 0, total: 0, notApplicable: 0 });
    if (outcome.status === 'n/a') rate.notApplicable++;
    else {
      rate.total++;
      if (outcome.status === 'pass') rate.passed++;
    }
  }
}

/** Run every expectation file of the corpus; the figures a README can quote. */
export async function measureCorpus(): Promise<CorpusFigures> {
  const figures: CorpusFigures = { bySource: {}, byCategory: {}, outcomes: [] };
  await runExpectationFile('feedparser-expectations.json', figures);
  await runExpectationFile('others-expectations.json', figures);
  await runRssParserCases(figures);
  await runDateVectors(figures);
  await runEncodingExpectations(figures);
  await runRealFeeds(figures);
  return figures;
}

export function percent(rate: Rate): number {
  return rate.total === 0 ? 100 : (100 * rate.passed) / rate.total;
}

/** One compact table: per source, then the feedparser categories. */
export function formatFigures(figures: CorpusFigures): string {
  const line = (name: string, r: Rate) =>
    `${name.padEnd(58)} ${String(r.passed).padStart(4)}/${String(r.total).padEnd(4)} ${percent(r).toFixed(1).padStart(5)}%${r.notApplicable ? `  (+${r.notApplicable} n/a)` : ''}`;
  const rows = Object.entries(figures.bySource).map(([k, r]) => line(k, r));
  const categories = Object.entries(figures.byCategory)
    .filter(([k]) => k.startsWith('feedparser-expectations.json'))
    .map(([k, r]) => line('  ' + k.replace('feedparser-expectations.json :: ', ''), r));
  return ['feed conformance corpus', ...rows, 'feedparser clean checks by category', ...categories, ''].join(
    '\n',
  );
}
