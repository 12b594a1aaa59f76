import type {
  LabelSample,
  ListedLabel,
  SampledArticle,
  SampleRequest,
} from '../../../../libs/scoring/src/index.js';
import { scoreView } from '../articles/score-view.js';
import { csvRows, toCsv, type CsvCell } from '../http/csv.js';

// How labels and samples look outside: in the API's bodies and CSV, and in the CLI's export and sample,
// which import these so that both doors show the same fields.

export function labelView(
  label: Omit<ListedLabel, 'labelledMicros' | 'url' | 'title' | 'outlet' | 'kind' | 'language'>,
) {
  return {
    articleId: label.articleId,
    lens: label.lens,
    annotator: label.annotator,
    label: label.label,
    note: label.note,
    labelledAt: label.labelledAt,
  };
}

export function listedLabelView(label: ListedLabel) {
  return {
    ...labelView(label),
    url: label.url,
    title: label.title,
    outlet: label.outlet,
    kind: label.kind,
    language: label.language,
  };
}

function sampledView(article: SampledArticle) {
  return { ...article, score: article.score && scoreView(article.score) };
}

/** A drawn sample: how it was drawn (the seed draws it again) and the articles in draw order. */
export function sampleView(request: Omit<SampleRequest, 'from' | 'to'>, drawn: LabelSample) {
  const { lens, model, annotator, seed, n, stratify } = request;
  return {
    sample: { lens, model, annotator, seed, n, stratify, eligible: drawn.eligible, strata: drawn.strata },
    articles: drawn.articles.map(sampledView),
  };
}

export const LABEL_CSV_HEADER = [
  'article_id',
  'lens',
  'annotator',
  'label',
  'note',
  'labelled_at',
  'url',
  'title',
  'outlet',
  'kind',
  'language',
];

function labelCsvRow(row: ListedLabel): CsvCell[] {
  return [
    row.articleId,
    row.lens,
    row.annotator,
    row.label,
    row.note,
    row.labelledAt.toISOString(),
    row.url,
    row.title,
    row.outlet,
    row.kind,
    row.language,
  ];
}

/** One page of labels as CSV, header first. */
export function labelsCsv(rows: ListedLabel[]): string {
  return toCsv(LABEL_CSV_HEADER, rows.map(labelCsvRow));
}

/** Labels as CSV rows without the header, for an export written page by page. */
export function labelCsvRows(rows: ListedLabel[]): string {
  return csvRows(rows.map(labelCsvRow));
}
