import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetMetadata } from 'hyparquet';
import * as parquet from 'parquet-wasm/node';
import type { ArticleExportRow } from '../../../../libs/scoring/src/index.js';
import { PARQUET_ROW_GROUP_CHARS, PARQUET_ROW_GROUP_ROWS, ParquetSink } from './parquet-sink.js';

const row = (i: number): ArticleExportRow => ({
  articleId: i,
  publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
  publishedAtSource: 'published',
  feedId: 1 + (i % 7),
  outlet: ['ТАСС', '新华社', 'Reuters'][i % 3],
  country: ['RU', 'CN', 'INT'][i % 3],
  kind: 'state',
  language: ['ru', 'zh', 'en'][i % 3],
  title: `Россия и Китай ${i}`,
  url: `https://a.example/${i}`,
  summary: `${['Москва и Пекин ', '中俄合作 ', 'Moscow and Beijing '][i % 3].repeat(20)}${i}`,
  author: null,
  matchedTerms: ['Russia', 'China'],
  gdeltTone: i % 5 === 0 ? -1.5 : null,
  model: i % 11 === 0 ? null : 'model-a',
  modelRevision: i % 11 === 0 ? null : 'main',
  stanceLabel: i % 11 === 0 ? null : 'neutral',
  stanceScore: i % 11 === 0 ? null : (i % 200) / 100 - 1,
  pSupportive: 0.25,
  pNeutral: 0.5,
  pCritical: 0.25,
  sentimentModel: 'sentiment-model',
  sentimentLabel: 'neutral',
  sentimentScore: 0,
  framingModel: 'model-a',
  pCooperation: 0.5,
  pConflict: 0.5,
  framingScore: 0,
  classifiedAt: i % 11 === 0 ? null : new Date(Date.UTC(2025, 5, 1) + i),
  goldLabel: i % 97 === 0 ? 'critical' : null,
  labelCount: i % 97 === 0 ? 2 : 0,
});

describe('ParquetSink: row groups bounded by rows and text, read back by parquet-wasm', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sw-parquet-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('30,000 rows given a page at a time: several row groups, every value back', async () => {
    const file = join(dir, 'rows.parquet');
    const sink = new ParquetSink(file);
    const rows = Array.from({ length: 30_000 }, (_, i) => row(i));
    for (let from = 0; from < rows.length; from += 1_100) await sink.add(rows.slice(from, from + 1_100));
    await sink.close();

    const bytes = readFileSync(file);
    const groups = parquetMetadata(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    ).row_groups;
    expect(groups.length).toBeGreaterThan(30_000 / PARQUET_ROW_GROUP_ROWS);
    for (const group of groups) expect(Number(group.num_rows)).toBeLessThanOrEqual(PARQUET_ROW_GROUP_ROWS);
    expect(groups.reduce((n, g) => n + Number(g.num_rows), 0)).toBe(30_000);
    // The text bound, not the row bound, cut these groups (each summary is some 300 characters).
    let start = 0;
    for (const group of groups) {
      const slice = rows.slice(start, start + Number(group.num_rows));
      const chars = slice.reduce((n, r) => n + (r.title?.length ?? 0) + (r.summary?.length ?? 0), 0);
      expect(chars).toBeLessThanOrEqual(PARQUET_ROW_GROUP_CHARS);
      start += slice.length;
    }
    expect(groups.length).toBeGreaterThan(Math.ceil(30_000 / PARQUET_ROW_GROUP_ROWS) + 1);

    const table = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
    expect(table.numRows).toBe(30_000);
    const read = table.toArray().map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());
    for (const i of [0, 1, 2, 11, 97, 4_321, 29_999]) {
      const expected = rows[i];
      expect(read[i]).toMatchObject({
        article_id: BigInt(expected.articleId),
        title: expected.title,
        summary: expected.summary,
        outlet: expected.outlet,
        model: expected.model,
        stance_score: expected.stanceScore,
        gdelt_tone: expected.gdeltTone,
        gold_label: expected.goldLabel,
        label_count: BigInt(expected.labelCount),
      });
      expect(Number(read[i].published_at)).toBe(expected.publishedAt.getTime());
      expect(read[i].classified_at === null ? null : Number(read[i].classified_at)).toBe(
        expected.classifiedAt?.getTime() ?? null,
      );
    }
  }, 60_000);
});
