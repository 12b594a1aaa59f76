/**
 * `npm run bench:export [-- ARTICLES]`: a generated archive of ARTICLES (default 100,000) relevant,
 * scored articles (every one by model-a, every other one by model-b too, 1 in 50 labelled by two
 * annotators; titles and 600-character summaries in Russian, Chinese and English), exported in each
 * format by the real CLI under `/usr/bin/time -v`: wall time, peak resident memory and file size.
 * The database is the benchmark's own and is dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createBenchDatabase } from './bench-database.js';

const run = promisify(execFile);
const SERVER = process.env.STANCEWATCH_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const ARTICLES = Number(process.argv[2] ?? 100_000);
// BENCH_EXPORT_HEAPS=64,128 and BENCH_EXPORT_FORMATS=parquet choose the runs (default: both heaps, every format).
const HEAPS = (process.env.BENCH_EXPORT_HEAPS ?? 'default,64')
  .split(',')
  .map((h) => (h === 'default' ? null : Number(h)));
const FORMATS = (process.env.BENCH_EXPORT_FORMATS ?? 'csv,ndjson,parquet').split(',');
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const bench = await createBenchDatabase(SERVER);
const dir = await mkdtemp(join(tmpdir(), 'sw-bench-export-'));
try {
  const started = Date.now();
  await bench.db.query(
    `INSERT INTO feeds (url, outlet, country, language, kind)
     SELECT 'https://feed' || f || '.example/rss', 'Outlet ' || f, (ARRAY['RU','CN','INT'])[f % 3 + 1],
            (ARRAY['ru','zh','en'])[f % 3 + 1], (ARRAY['state','independent','wire'])[f % 3 + 1]
     FROM generate_series(0, 29) f`,
  );
  await bench.db.query(
    `INSERT INTO articles (feed_id, url, url_hash, title, summary, language, published_at, published_at_source,
                           fetched_at, relevance, is_relevant)
     SELECT (SELECT min(id) FROM feeds) + i % 30, 'https://a.example/' || i, sha256(convert_to('a' || i, 'UTF8')),
            (ARRAY['Россия и Китай подписали соглашение о партнёрстве № ', '中俄签署全面战略协作伙伴关系声明 第',
                   'Russia and China sign a partnership statement, no. '])[i % 3 + 1] || i,
            repeat((ARRAY['Москва и Пекин договорились расширить торговлю в рублях и юанях. ',
                          '两国同意扩大本币结算贸易并加强能源合作。',
                          'Moscow and Beijing agreed to widen trade settled in roubles and yuan. '])[i % 3 + 1],
                   (ARRAY[9, 30, 9])[i % 3 + 1]),
            (ARRAY['ru','zh','en'])[i % 3 + 1], timestamptz '2025-01-01' + i * interval '3 minutes', 'published',
            now(), '{"russia-china": ["Russia", "China"]}', true
     FROM generate_series(1, $1::int) i`,
    [ARTICLES],
  );
  for (const [model, every] of [
    ['model-a', 1],
    ['model-b', 2],
  ] as const) {
    await bench.db.query(
      `INSERT INTO article_scores (article_id, lens, model, model_revision, stance_label, p_supportive, p_neutral,
         p_critical, stance_score, sentiment_model, sentiment_label, sentiment_score, p_cooperation, p_conflict,
         framing_score)
       SELECT id, 'russia-china', $1, 'main', (ARRAY['supportive','neutral','critical'])[id % 3 + 1],
              0.6, 0.3, 0.1, 0.5, 'sentiment-model', 'neutral', 0, 0.7, 0.3, 0.4
       FROM articles WHERE id % $2 = 0`,
      [model, every],
    );
  }
  await bench.db.query(
    `INSERT INTO article_labels (article_id, lens, annotator, label)
     SELECT id, 'russia-china', annotator, 'critical' FROM articles, unnest(ARRAY['alice','bob']) annotator
     WHERE id % 50 = 0`,
  );
  await bench.db.query('ANALYZE');
  const [{ rows }] = await bench.db.query<{ rows: number }>(
    `SELECT count(*)::int AS rows FROM articles a LEFT JOIN article_scores s ON s.article_id = a.id`,
  );
  process.stdout.write(
    `archive: ${ARTICLES.toLocaleString('en')} articles, ${rows.toLocaleString('en')} export rows, ` +
      `generated in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );

  // Each format as it runs by default, then with V8's old generation held to 64 MiB: the export
  // completing there shows what it needs, the default's RSS what V8 lets the heap grow to unasked.
  for (const heap of HEAPS) {
    for (const format of FORMATS) {
      const out = join(dir, `export.${format}`);
      const nodeOptions = heap ? `--max-old-space-size=${heap}` : '';
      const { stderr } = await run(
        '/usr/bin/time',
        [
          '-v',
          process.execPath,
          'bin/stancewatch.js',
          'export',
          '--lens',
          'russia-china',
          '--format',
          format,
          '--out',
          out,
        ],
        {
          env: { ...process.env, DATABASE_URL: bench.url, LOG_LEVEL: 'warn', NODE_OPTIONS: nodeOptions },
          maxBuffer: 1 << 24,
        },
      );
      const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr)?.[1];
      process.stdout.write(
        `export --format ${format.padEnd(7)} ${(heap ? `(old space ${heap} MiB)` : '(default heap)').padEnd(20)} ` +
          `${wall} wall  peak RSS ${(peakKb / 1024).toFixed(0)} MiB  file ${mib((await stat(out)).size)} MiB\n`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
  await bench.drop();
}
