import { ParquetWriter, fileWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { ArticleExportRow } from '../../../../libs/scoring/src/index.js';
import { EXPORT_COLUMNS } from './export-columns.js';

/** Rows per Parquet row group at most. */
export const PARQUET_ROW_GROUP_ROWS = 10_000;
/**
 * Characters of text per row group at most (titles, summaries, URLs …): hyparquet-writer holds a
 * group's values several times over while it encodes them (values, dictionary, pages), so a group is
 * bounded by its text, not only its rows. 10,000 rows with 600-character summaries needed more than a
 * 64 MiB heap; groups of 2 Mi characters (about 2,800 such rows) export 100,000 articles within one.
 */
export const PARQUET_ROW_GROUP_CHARS = 2 * 1024 * 1024;

/**
 * Writes export rows to a Parquet file through hyparquet-writer's ParquetWriter, one row group of
 * at most PARQUET_ROW_GROUP_ROWS rows and PARQUET_ROW_GROUP_CHARS characters of text at a time: rows
 * are buffered to a row group, encoded, written
 * (the file writer flushes every megabyte) and dropped. What stays in memory for the whole export is
 * the footer's metadata, a few hundred bytes a row group per column.
 */
export class ParquetSink {
  private readonly writer: ParquetWriter;
  private buffered: ArticleExportRow[] = [];
  private bufferedChars = 0;

  constructor(filename: string) {
    const schema = schemaFromColumnData({
      columnData: EXPORT_COLUMNS.map((column) => ({ name: column.name, data: [], type: column.parquet })),
    });
    this.writer = new ParquetWriter({
      writer: fileWriter(filename),
      schema,
      createdBy: 'stancewatch export',
    });
  }

  async add(rows: ArticleExportRow[]): Promise<void> {
    for (const row of rows) {
      this.buffered.push(row);
      this.bufferedChars += textLength(row);
      if (this.buffered.length >= PARQUET_ROW_GROUP_ROWS || this.bufferedChars >= PARQUET_ROW_GROUP_CHARS)
        await this.flush();
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.finish();
  }

  private async flush(): Promise<void> {
    if (this.buffered.length === 0) return;
    const rows = this.buffered;
    this.buffered = [];
    this.bufferedChars = 0;
    await this.writeGroup(rows);
  }

  private async writeGroup(rows: ArticleExportRow[]): Promise<void> {
    const columnData = EXPORT_COLUMNS.map((column) => ({
      name: column.name,
      data: rows.map((row) => {
        const value = column.value(row);
        return column.parquet === 'INT64' && typeof value === 'number' ? BigInt(value) : value;
      }),
    }));
    await this.writer.write({ columnData, rowGroupSize: rows.length });
  }
}

function textLength(row: ArticleExportRow): number {
  return (row.title?.length ?? 0) + (row.summary?.length ?? 0) + (row.url?.length ?? 0) + 200;
}
