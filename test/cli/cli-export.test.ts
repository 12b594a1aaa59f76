import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { Prng } from '../../libs/feedgen/src/index.js';
import { LabelRepository, ScoreRepository } from '../../libs/scoring/src/index.js';
import { insertFeed, insertScored, LENS, MODEL } from '../support/alert-archive.js';
import { stancewatch } from '../support/run-cli.js';
import { randomScore } from '../support/scored-archive.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const START = new Date('2025-05-01T00:00:00Z');
const HOUR = 3_600_000;

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) to rows of fields: an independent reader. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 1];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') [row, field] = [[...row, field], ''];
    else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      [row, field, i] = [[], '', i + 1];
    } else field += c;
  }
  return rows;
}

describe('stancewatch export: articles with their scores per model, for notebooks', () => {
  let target: TestDatabase;
  let dir: string;
  const env = () => ({ DATABASE_URL: target.url });
  /** What is stored, read with SQL of the test's own: one row per article and model, oldest first. */
  let stored: Record<string, unknown>[];

  beforeAll(async () => {
    target = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'sw-export-'));
    const feedId = await insertFeed(target.db, 'ТАСС «Вести», "Xinhua"');
    // 2,400 articles, 40 to each published second (ties that keyset pages must not split or repeat),
    // in Cyrillic, Chinese and English; model-a scores them all, model-b every third.
    const drafts = Array.from({ length: 2_400 }, (_, i) => ({
      publishedAt: new Date(START.getTime() + Math.floor(i / 40) * HOUR),
      label: (['supportive', 'neutral', 'critical'] as const)[i % 3],
      title: [
        `Россия и Китай: «партнёрство» ${i}`,
        `中俄关系 新闻 ${i}`,
        `Putin, Xi and "the West", line\nbreak ${i}`,
      ][i % 3],
      language: ['ru', 'zh', 'en'][i % 3],
    }));
    const ids = await insertScored(target.db, feedId, drafts);
    const random = new Prng(18);
    await new ScoreRepository(target.db).insertScores(
      ids.filter((_, i) => i % 3 === 0).map((id) => randomScore(random, id, 'model-b')),
    );
    // One relevant article no model has scored, one not relevant to the lens (never exported).
    await target.db.query(
      `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source, fetched_at, relevance, is_relevant)
       VALUES ($1, 'https://a.example/unscored', sha256('unscored'), 'Unscored talks', 'Gas, "yuan"; roubles', 'en', $2, 'published', now(), $3, true),
              ($1, 'https://a.example/other', sha256('other'), 'Other news', NULL, 'en', $2, 'published', now(), '{}', false)`,
      [feedId, new Date(START.getTime() + 100 * HOUR), { [LENS]: ['China'] }],
    );
    const labels = new LabelRepository(target.db);
    const label = (articleId: number, annotator: string, value: 'supportive' | 'neutral' | 'critical') =>
      labels.put({ articleId, lens: LENS, annotator, label: value, note: null });
    await label(ids[0], 'alice', 'critical');
    await label(ids[0], 'bob', 'critical');
    await label(ids[0], 'carol', 'neutral');
    await label(ids[1], 'alice', 'supportive');
    await label(ids[1], 'bob', 'critical'); // a tie: no gold label

    stored = await target.db.query(
      `SELECT a.id AS article_id, a.published_at, a.published_at_source, a.feed_id, f.outlet, f.country, f.kind,
         coalesce(a.language, f.language) AS language, a.title, a.url, a.summary, a.author,
         array_to_string(ARRAY(SELECT jsonb_array_elements_text(a.relevance -> $1)), '; ') AS matched_terms,
         a.gdelt_tone, s.model, s.model_revision, s.stance_label, s.stance_score, s.p_supportive, s.p_neutral,
         s.p_critical, s.sentiment_model, s.sentiment_label, s.sentiment_score,
         coalesce(s.framing_model, s.model) AS framing_model, s.p_cooperation, s.p_conflict, s.framing_score,
         s.classified_at,
         (SELECT count(*)::int FROM article_labels l WHERE l.article_id = a.id AND l.lens = $1) AS label_count
       FROM articles a JOIN feeds f ON f.id = a.feed_id
       LEFT JOIN article_scores s ON s.article_id = a.id AND s.lens = $1
       WHERE a.relevance ? $1 ORDER BY a.published_at, a.id, s.model`,
      [LENS],
    );
    const gold = new Map([[ids[0], 'critical']]);
    stored = stored.map((row) => ({ ...row, gold_label: gold.get(row.article_id as number) ?? null }));
  }, 120_000);

  afterAll(async () => {
    await target.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The export's columns: the stored row's, gold label and label count last. */
  const COLUMNS = () => [
    ...Object.keys(stored[0]).filter((k) => k !== 'label_count' && k !== 'gold_label'),
    'gold_label',
    'label_count',
  ];

  /** A stored row as JSON would carry it: dates as ISO strings, real numbers as PostgreSQL's float4 reads. */
  const asJson = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
    );

  it('NDJSON: every stored row, in order, each article with each model that scored it', async () => {
    const out = join(dir, 'export.ndjson');
    const run = await stancewatch(['export', '--lens', LENS, '--format', 'ndjson', '--out', out], env());
    expect(run).toMatchObject({ code: 0 });
    expect(run.stderr).toContain('exported 2401 article(s) in 3201 row(s)');
    const rows = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(stored.length);
    expect(rows).toEqual(stored.map(asJson));
    expect(rows.filter((row) => row.model === MODEL)).toHaveLength(2_400);
    expect(rows.find((row) => row.title === 'Unscored talks')).toMatchObject({
      model: null,
      stance_score: null,
    });
    expect(rows.filter((row) => row.gold_label !== null).map((row) => row.label_count)).toEqual([3, 3]);
  }, 60_000);

  it('CSV: the same rows and columns; a UTF-8 byte-order mark only with --bom', async () => {
    const plainFile = join(dir, 'plain.csv');
    const plain = await stancewatch(['export', '--lens', LENS, '--format', 'csv', '--out', plainFile], env());
    expect(plain).toMatchObject({ code: 0 });
    const text = readFileSync(plainFile, 'utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const [header, ...rows] = readCsv(text);
    expect(header).toEqual(COLUMNS());
    expect(rows).toHaveLength(stored.length);
    const asCsv = (value: unknown) =>
      value === null ? '' : value instanceof Date ? value.toISOString() : String(value);
    expect(rows).toEqual(stored.map((row) => header.map((name) => asCsv(row[name]))));

    const out = join(dir, 'excel.csv');
    const bom = await stancewatch(
      ['export', '--lens', LENS, '--format', 'csv', '--bom', '--out', out],
      env(),
    );
    expect(bom).toMatchObject({ code: 0 });
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(text);

    // To standard output too, for a pipe (a small window: the helper buffers what it reads).
    const piped = await stancewatch(
      [
        'export',
        '--lens',
        LENS,
        '--format',
        'csv',
        '--bom',
        '--until',
        new Date(START.getTime() + HOUR).toISOString(),
      ],
      env(),
    );
    expect(piped).toMatchObject({ code: 0 });
    expect(piped.stdout.startsWith('\uFEFF"article_id",')).toBe(true);
    expect(readCsv(piped.stdout.slice(1))).toHaveLength(
      1 + stored.filter((r) => (r.published_at as Date) < new Date(START.getTime() + HOUR)).length,
    );
  }, 60_000);

  it('Parquet: read back by an independent reader (parquet-wasm, arrow-rs), equal to what is stored', async () => {
    const out = join(dir, 'export.parquet');
    const run = await stancewatch(['export', '--lens', LENS, '--format', 'parquet', '--out', out], env());
    expect(run).toMatchObject({ code: 0 });
    const table = tableFromIPC(parquet.readParquet(readFileSync(out)).intoIPCStream());
    expect(table.numRows).toBe(stored.length);
    expect(table.schema.fields.map((field) => field.name)).toEqual(COLUMNS());
    const read = table.toArray().map((row: { toJSON(): Record<string, unknown> }) => {
      const values = row.toJSON();
      return Object.fromEntries(
        Object.entries(values).map(([key, value]) => [
          key,
          typeof value === 'bigint'
            ? Number(value)
            : key.endsWith('_at') && value !== null
              ? new Date(Number(value))
              : value,
        ]),
      );
    });
    // Timestamps are milliseconds in Parquet (TIMESTAMP_MILLIS), as node-postgres reads them.
    expect(read).toEqual(stored);
  }, 60_000);

  it('only a window with --since and --until; bad options fail with one line saying what to change', async () => {
    const since = new Date(START.getTime() + 10 * HOUR).toISOString();
    const until = new Date(START.getTime() + 12 * HOUR).toISOString();
    const run = await stancewatch(
      ['export', '--lens', LENS, '--since', since, '--until', until, '--format', 'ndjson'],
      env(),
    );
    expect(run).toMatchObject({ code: 0 });
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { published_at: string });
    expect(rows.length).toBe(
      stored.filter(
        (r) => (r.published_at as Date) >= new Date(since) && (r.published_at as Date) < new Date(until),
      ).length,
    );
    expect(rows.length).toBeGreaterThan(0);

    const fails = async (args: string[], message: string) => {
      const result = await stancewatch(['export', ...args], env());
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr.trim().split('\n')[0]).toContain(message);
    };
    await fails(['--lens', 'nope', '--format', 'csv'], 'unknown lens "nope"; available lenses:');
    await fails(['--lens', LENS, '--format', 'parquet'], '--format parquet needs --out FILE');
    await fails(['--lens', LENS, '--format', 'ndjson', '--bom'], '--bom is for --format csv');
    await fails(
      ['--lens', LENS, '--format', 'csv', '--since', 'yesterday'],
      '--since must be a date such as 2025-01-31',
    );
    await fails(['--lens', LENS, '--format', 'xlsx'], "argument 'xlsx' is invalid");
  }, 60_000);
});
