import { z } from 'zod';
import {
  splitSearchText,
  type ArticleCursor,
  type ArticleSearchFilter,
} from '../../../../libs/scoring/src/index.js';
import { FEED_KIND_VALUES, FILTER_CODE, filterCountry } from '../../../../libs/feeds/src/index.js';
import { STANCE_LABELS } from '../../../../libs/lens/src/index.js';
import {
  booleanWord,
  boundedNumber,
  instant,
  once,
  oneOf,
  positiveId,
  repeatable,
  text,
} from '../http/query-params.js';
import { cursorParameter, decodeKeysetCursor, encodeKeysetCursor, pageLimit } from '../http/keyset-cursor.js';
import { BOM_DESCRIPTION } from '../http/csv.js';
import type { ScoringDefaults } from './scoring-defaults.js';

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

export function encodeCursor(cursor: ArticleCursor): string {
  return encodeKeysetCursor({ micros: cursor.publishedMicros, id: cursor.id });
}

export function decodeCursor(value: string): ArticleCursor | null {
  const position = decodeKeysetCursor(value);
  return position && { publishedMicros: position.micros, id: position.id };
}

/**
 * The filters articles, sources and trends share: lens, model, period, and who published. The lens is
 * any short name here; whether it is a configured one is checked after parsing (ScoringDefaults), so
 * the schemas stay static and the OpenAPI document is generated from them.
 */
export const sourceFilterShape = {
  lens: once(text(100))
    .optional()
    .describe('the lens whose scores to use (a configured lens name); default: the default lens'),
  model: once(text(200))
    .optional()
    .describe(
      'the model whose scores to use (an id from GET /api/v1/models); default: the configured NLI model',
    ),
  from: once(instant)
    .optional()
    .describe('start of the period, inclusive: an ISO 8601 date (UTC midnight) or date-time with a zone'),
  to: once(instant)
    .optional()
    .describe('end of the period, exclusive: an ISO 8601 date (UTC midnight) or date-time with a zone'),
  feed: repeatable(positiveId).describe('only these feeds (ids); repeatable'),
  outlet: repeatable(text(200)).describe(
    'only these outlets (as in the feed registry, e.g. TASS); repeatable',
  ),
  country: repeatable(
    z
      .string()
      .regex(FILTER_CODE, 'expected a country code such as RU, CN or INT, or unknown')
      .transform(filterCountry),
  ).describe('only outlets of these countries (RU, CN, INT, ..., unknown); repeatable'),
  language: repeatable(
    z
      .string()
      .regex(FILTER_CODE, 'expected a language code such as en, ru or zh, or unknown')
      .transform((l) => l.toLowerCase()),
  ).describe('only articles in these languages (en, ru, zh, ..., unknown); repeatable'),
  kind: repeatable(oneOf(FEED_KIND_VALUES)).describe('only outlets of these kinds (or unknown); repeatable'),
};

/** A query schema that refuses parameters it does not name, naming them. */
export function strictQuery<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownParameters(issue.keys) : undefined),
  });
}

/** from must come before to; both named in the message. */
export function orderedRange(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  if (value.from && value.to && value.from.getTime() >= value.to.getTime())
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be earlier than to' });
}

export const articleListSchema = strictQuery({
  ...sourceFilterShape,
  q: once(
    text(500).refine((q) => {
      const { fullText, hanTerms } = splitSearchText(q);
      return fullText !== null || hanTerms.length > 0;
    }, 'expected words to search for (letters or digits)'),
  )
    .optional()
    .describe('full-text search in titles and summaries (English and Russian stemmed, Chinese by substring)'),
  label: repeatable(oneOf(STANCE_LABELS), 3).describe('only articles with these stance labels; repeatable'),
  minScore: once(boundedNumber(-1, 1)).optional().describe('lowest stance score, from -1 to 1'),
  maxScore: once(boundedNumber(-1, 1)).optional().describe('highest stance score, from -1 to 1'),
  relevant: once(booleanWord)
    .optional()
    .describe('only articles relevant (true) or not relevant (false) to the lens'),
  cursor: cursorParameter,
  limit: pageLimit(MAX_LIMIT, DEFAULT_LIMIT),
  bom: once(booleanWord).optional().describe(BOM_DESCRIPTION),
}).superRefine((value, ctx) => {
  orderedRange(value, ctx);
  if (value.minScore !== undefined && value.maxScore !== undefined && value.minScore > value.maxScore)
    ctx.addIssue({ code: 'custom', path: ['minScore'], message: 'must not be greater than maxScore' });
});

export function unknownParameters(keys: string[]): string {
  return `unknown parameter${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
}

export type ArticleListQuery = z.infer<typeof articleListSchema>;

/** The validated query as the repository's filter, with the defaults filled in; 400 for an unknown lens. */
export function toSearchFilter(query: ArticleListQuery, scoring: ScoringDefaults): ArticleSearchFilter {
  return {
    lens: scoring.lensOf(query.lens),
    model: scoring.modelOf(query.model),
    from: query.from ?? null,
    to: query.to ?? null,
    feedIds: query.feed,
    outlets: query.outlet,
    countries: query.country,
    languages: query.language,
    kinds: query.kind,
    q: query.q ?? null,
    labels: query.label,
    minScore: query.minScore ?? null,
    maxScore: query.maxScore ?? null,
    relevant: query.relevant ?? null,
    after: query.cursor ? decodeCursor(query.cursor) : null,
    limit: query.limit ?? DEFAULT_LIMIT,
  };
}
