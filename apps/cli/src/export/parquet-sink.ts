import { ParquetWriter, fileWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { ArticleExportRow } from '../../../../libs/scoring/src/index.js';
import { EXPORT_COLUMNS } from './export-columns.js';

/** Rows per Parquet row group: what the writer holds before it encodes and writes them. */
export const PARQUET_ROW_GROUP_ROWS = 10_000;

/**
 * Writes export rows to a Parquet file through hyparquet-writer's ParquetWriter, one row group of
 * at most PARQUET_ROW_GROUP_ROWS rows at a time: rows are buffered to a row group, encoded, written
 * (the file writer flushes every megabyte) and dropped. What stays in memory for the whole export is
 * the footer's metadata, a few hundred bytes a row group per column.
 */
export class ParquetSink {
  private readonly writer: ParquetWriter;
  private buffered: ArticleExportRow[] = [];

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
    this.buffered.push(...rows);
    while (this.buffered.length >= PARQUET_ROW_GROUP_ROWS) {
      await this.writeGroup(this.buffered.slice(0, PARQUET_ROW_GROUP_ROWS));
      this.buffered = this.buffered.slice(PARQUET_ROW_GROUP_ROWS);
    }
  }

  async close(): Promise<void> {
    if (this.buffered.length > 0) await this.writeGroup(this.buffered);
    this.buffered = [];
    await this.writer.finish();
  }

  private async writeGroup(rows: ArticleExportRow[]): Promise<void> {
    const columnData = EXPORT_COLUMNS.map((column) => ({
      name: column.name,
      data: rows.map((row) => {
        const value = column.value(row);
        return column.parquet === 'INT64' && typeof value === 'number' ? BigInt(value) : value;
      }),
    }));
    await this.writer.write({ columnData, rowGroupSize: PARQUET_ROW_GROUP_ROWS });
  }
}
