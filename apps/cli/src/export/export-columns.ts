import type { ArticleExportRow } from '../../../../libs/scoring/src/index.js';

export type ExportValue = string | number | boolean | Date | null;

/** How a column is stored in Parquet (hyparquet-writer's basic types). */
export type ParquetType = 'STRING' | 'INT64' | 'DOUBLE' | 'TIMESTAMP';

export interface ExportColumn {
  name: string;
  parquet: ParquetType;
  value(row: ArticleExportRow): ExportValue;
}

const text = (name: string, value: (row: ArticleExportRow) => string | null): ExportColumn => ({
  name,
  parquet: 'STRING',
  value,
});
const number = (name: string, value: (row: ArticleExportRow) => number | null): ExportColumn => ({
  name,
  parquet: 'DOUBLE',
  value,
});

/**
 * The columns of `stancewatch export`, in order, the same in CSV, NDJSON and Parquet: one row per
 * article and stance model (an article no model has scored yet has one row with empty score columns).
 * Names are snake_case, as the API's CSV and as pandas, R and DuckDB users write them.
 */
export const EXPORT_COLUMNS: ExportColumn[] = [
  { name: 'article_id', parquet: 'INT64', value: (r) => r.articleId },
  { name: 'published_at', parquet: 'TIMESTAMP', value: (r) => r.publishedAt },
  text('published_at_source', (r) => r.publishedAtSource),
  { name: 'feed_id', parquet: 'INT64', value: (r) => r.feedId },
  text('outlet', (r) => r.outlet),
  text('country', (r) => r.country),
  text('kind', (r) => r.kind),
  text('language', (r) => r.language),
  text('title', (r) => r.title),
  text('url', (r) => r.url),
  text('summary', (r) => r.summary),
  text('author', (r) => r.author),
  text('matched_terms', (r) => r.matchedTerms.join('; ')),
  number('gdelt_tone', (r) => r.gdeltTone),
  text('model', (r) => r.model),
  text('model_revision', (r) => r.modelRevision),
  text('stance_label', (r) => r.stanceLabel),
  number('stance_score', (r) => r.stanceScore),
  number('p_supportive', (r) => r.pSupportive),
  number('p_neutral', (r) => r.pNeutral),
  number('p_critical', (r) => r.pCritical),
  text('sentiment_model', (r) => r.sentimentModel),
  text('sentiment_label', (r) => r.sentimentLabel),
  number('sentiment_score', (r) => r.sentimentScore),
  text('framing_model', (r) => r.framingModel),
  number('p_cooperation', (r) => r.pCooperation),
  number('p_conflict', (r) => r.pConflict),
  number('framing_score', (r) => r.framingScore),
  { name: 'classified_at', parquet: 'TIMESTAMP', value: (r) => r.classifiedAt },
  text('gold_label', (r) => r.goldLabel),
  { name: 'label_count', parquet: 'INT64', value: (r) => r.labelCount },
];

/** A row as one JSON object (NDJSON): dates as ISO 8601 UTC strings, the rest as stored. */
export function jsonRow(row: ArticleExportRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of EXPORT_COLUMNS) {
    const value = column.value(row);
    out[column.name] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
