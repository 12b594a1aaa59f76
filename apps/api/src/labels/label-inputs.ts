import { z } from 'zod';
import { STANCE_LABELS } from '../../../../libs/lens/src/index.js';
import { SAMPLE_STRATA } from '../../../../libs/scoring/src/index.js';
import { strictQuery, orderedRange, sourceFilterShape } from '../articles/article-list-query.js';
import { cursorParameter, pageLimit } from '../http/keyset-cursor.js';
import { instant, once, oneOf, text, wholeNumber } from '../http/query-params.js';

// The bodies and queries of the label routes.

export const MAX_NOTE_LENGTH = 2000;
export const MAX_LABEL_PAGE = 1000;
export const DEFAULT_LABEL_PAGE = 100;
export const MAX_SAMPLE = 1000;
export const DEFAULT_SAMPLE = 100;

const lensName = text(100).describe('a configured lens name (GET /api/v1/models lists the lenses scored)');

export const labelBodySchema = z.strictObject({
  lens: lensName,
  label: oneOf(STANCE_LABELS).describe(
    "the article's stance toward the lens's target, as the annotator reads it",
  ),
  note: z
    .string({ error: 'expected a text value or null' })
    .trim()
    .max(MAX_NOTE_LENGTH, `expected at most ${MAX_NOTE_LENGTH} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
    .transform((value) => value || null)
    .nullable()
    .optional()
    .describe(`why, in the annotator's words (at most ${MAX_NOTE_LENGTH} characters)`),
});

export const labelDeleteQuerySchema = strictQuery({
  lens: once(lensName).describe('the lens of the label to remove'),
});

export const labelListQuerySchema = strictQuery({
  lens: once(text(100)).optional().describe('only labels for this lens'),
  article: once(wholeNumber(1, 2 ** 53))
    .optional()
    .describe("only this article's labels (its id)"),
  annotator: once(text(200))
    .optional()
    .describe("only this annotator's labels (an API key's name, or admin)"),
  from: once(instant)
    .optional()
    .describe('labelled at or after this instant (ISO 8601 date or date-time with a zone)'),
  to: once(instant).optional().describe('labelled before this instant'),
  cursor: cursorParameter,
  limit: pageLimit(MAX_LABEL_PAGE, DEFAULT_LABEL_PAGE),
}).superRefine(orderedRange);

export const labelSampleQuerySchema = strictQuery({
  lens: sourceFilterShape.lens,
  model: sourceFilterShape.model,
  n: once(wholeNumber(1, MAX_SAMPLE))
    .optional()
    .describe(`how many articles to draw, 1 to ${MAX_SAMPLE}; default ${DEFAULT_SAMPLE}`),
  seed: once(text(100))
    .optional()
    .describe('any text; the same seed draws the same articles again (default: a new random seed, returned)'),
  stratify: once(oneOf(SAMPLE_STRATA))
    .optional()
    .describe('draw from each article language, kind of outlet or outlet in proportion to its size'),
  from: once(instant).optional().describe('only articles published at or after this instant'),
  to: once(instant).optional().describe('only articles published before this instant'),
}).superRefine(orderedRange);

export const labelSummaryQuerySchema = strictQuery({ lens: sourceFilterShape.lens });
