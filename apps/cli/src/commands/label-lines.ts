import { z } from 'zod';
import type { ImportRecord, ImportRejection } from '../../../../libs/feeds/src/index.js';
import type { StanceLabel } from '../../../../libs/lens/src/index.js';
import { text } from '../../../api/src/http/query-params.js';
import { labelBodySchema } from '../../../api/src/labels/label-inputs.js';

/** The article a line labels: by its URL as stored (what an export writes), or by its id. */
export type ArticleRef = { url: string } | { articleId: number };

/** A line of a labels file that can be stored once its article is found. */
export interface LabelLine {
  line: number;
  article: ArticleRef;
  lens: string;
  annotator: string;
  label: StanceLabel;
  note: string | null;
}

export interface LabelLineDefaults {
  /** The configured default lens, for lines without one; null when none is configured. */
  lens: string | null;
  lenses: readonly string[];
  /** --annotator, for lines without an "annotator". */
  annotator: string | null;
}

// The label, lens and note are checked as the API checks a label's body; other fields (an export's
// title, outlet, labelledAt...) are ignored, so an export reads back as it is. A null url or
// articleId counts as absent: an export writes `"url": null` with the id of an article without a URL.
const labelLineSchema = z.object(
  {
    url: z
      .string({ error: "expected the article's URL as text" })
      .trim()
      .min(1, "expected the article's URL, not an empty text")
      .nullable()
      .optional(),
    articleId: z
      .number({ error: 'expected an article id (a positive whole number)' })
      .int('expected an article id (a positive whole number)')
      .positive('expected an article id (a positive whole number)')
      .nullable()
      .optional(),
    label: labelBodySchema.shape.label,
    lens: labelBodySchema.shape.lens.optional(),
    annotator: text(200).optional(),
    note: labelBodySchema.shape.note,
  },
  { error: 'expected a JSON object {"url" or "articleId", "label", "lens"?, "annotator"?, "note"?}' },
);

const rejection = (line: number, reason: string): ImportRejection => ({ line, reason });

/** One record of a labels file as a label to store, or why it cannot be one and what to change. */
export function readLabelLine(
  record: ImportRecord,
  defaults: LabelLineDefaults,
): LabelLine | ImportRejection {
  const parsed = labelLineSchema.safeParse(record.value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) =>
      issue.path.length ? `"${issue.path.join('.')}": ${issue.message}` : issue.message,
    );
    return rejection(record.line, issues.join('; '));
  }
  const { url, articleId, label, note } = parsed.data;
  if (url != null && articleId != null)
    return rejection(record.line, 'give either "url" or "articleId" for the article, not both');
  if (url == null && articleId == null)
    return rejection(record.line, 'no article: add its "url" (as stored) or its "articleId"');
  const lens = parsed.data.lens ?? defaults.lens;
  if (lens === null || !defaults.lenses.includes(lens))
    return rejection(
      record.line,
      `${lens === null ? 'no "lens" and no default lens' : `unknown lens "${lens}"`}; configured lenses: ${defaults.lenses.join(', ')}`,
    );
  const annotator = parsed.data.annotator ?? defaults.annotator;
  if (annotator === null)
    return rejection(record.line, 'no annotator: add an "annotator" field or pass --annotator NAME');
  return {
    line: record.line,
    article: url != null ? { url } : { articleId: articleId! },
    lens,
    annotator,
    label,
    note: note ?? null,
  };
}

export function isRejection(value: LabelLine | ImportRejection): value is ImportRejection {
  return 'reason' in value;
}
