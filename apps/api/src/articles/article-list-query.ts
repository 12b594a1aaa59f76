import { z } from 'zod';
import {
  splitSearchText,
  type ArticleCursor,
  type ArticleSearchFilter,
} from '../../../../libs/db/src/index.js';
import { FEED_KINDS } from '../../../../libs/db/src/repositories/feed.repository.js';
import { STANCE_LABELS } from '../../../../libs/feeds/src/lens.js';
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

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

/** The cursor is opaque to clients: base64url of "<published_at in µs since 1970>:<id>" of a page's last row. */
export function encodeCursor(cursor: ArticleCursor): string {
  return Buffer.from(`${cursor.publishedMicros}:${cursor.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): ArticleCursor | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) return null;
  const match = /^(-?\d{1,17}):(\d{1,16})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  const cursor = { publishedMicros: Number(match[1]), id: Number(match[2]) };
  return Number.isSafeInteger(cursor.publishedMicros) && Number.isSafeInteger(cursor.id) && cursor.id > 0
    ? cursor
    : null;
}

/** The filters articles, sources (and trends) share: lens, model, period, and who published. */
export function sourceFilterShape(lensNames: string[]) {
  return {
    lens: once(
      z
        .string()
        .refine(
          (name) => lensNames.includes(name),
          `unknown lens; available lenses: ${lensNames.join(', ')}`,
        ),
    ).optional(),
    model: once(text(200)).optional(),
    from: once(instant).optional(),
    to: once(instant).optional(),
    feed: repeatable(positiveId),
    outlet: repeatable(text(200)),
    country: repeatable(
      z
        .string()
        .regex(/^[A-Za-z]{2,3}$/, 'expected a country code such as RU, CN or INT')
        .transform((c) => c.toUpperCase()),
    ),
    language: repeatable(
      z
        .string()
        .regex(/^[A-Za-z]{2,3}$/, 'expected a language code such as en, ru or zh')
        .transform((l) => l.toLowerCase()),
    ),
    kind: repeatable(oneOf(FEED_KINDS)),
  };
}

/** from must come before to; both named in the message. */
export function orderedRange(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  if (value.from && value.to && value.from.getTime() >= value.to.getTime())
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be earlier than to' });
}

export function articleListSchema(lensNames: string[]) {
  return z
    .strictObject(
      {
        ...sourceFilterShape(lensNames),
        q: once(
          text(500).refine((q) => {
            const { fullText, hanTerms } = splitSearchText(q);
            return fullText !== null || hanTerms.length > 0;
          }, 'expected words to search for (letters or digits)'),
        ).optional(),
        label: repeatable(oneOf(STANCE_LABELS), 3),
        minScore: once(boundedNumber(-1, 1)).optional(),
        maxScore: once(boundedNumber(-1, 1)).optional(),
        relevant: once(booleanWord).optional(),
        cursor: once(
          z
            .string()
            .refine(
              (value) => decodeCursor(value) !== null,
              'not a cursor from this API; pass nextCursor from the previous page unchanged',
            ),
        ).optional(),
        limit: once(
          z.coerce
            .number({ error: `expected a whole number from 1 to ${MAX_LIMIT}` })
            .int(`expected a whole number from 1 to ${MAX_LIMIT}`)
            .min(1, `expected a whole number from 1 to ${MAX_LIMIT}`)
            .max(MAX_LIMIT, `expected a whole number from 1 to ${MAX_LIMIT}`),
        ).optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownParameters(issue.keys) : undefined) },
    )
    .superRefine((value, ctx) => {
      orderedRange(value, ctx);
      if (value.minScore !== undefined && value.maxScore !== undefined && value.minScore > value.maxScore)
        ctx.addIssue({ code: 'custom', path: ['minScore'], message: 'must not be greater than maxScore' });
    });
}

export function unknownParameters(keys: string[]): string {
  return `unknown parameter${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
}

export type ArticleListQuery = z.infer<ReturnType<typeof articleListSchema>>;

/** The validated query as the repository's filter, with the defaults filled in. */
export function toSearchFilter(
  query: ArticleListQuery,
  defaults: { lens: string; model: string },
): ArticleSearchFilter {
  return {
    lens: query.lens ?? defaults.lens,
    model: query.model ?? defaults.model,
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
