import { z } from 'zod';
import { strictQuery, orderedRange } from '../articles/article-list-query.js';
import { instant, once, positiveId, text, wholeNumber } from '../http/query-params.js';

// The body and queries of the annotation routes.

export const MAX_ANNOTATIONS = 1000;
export const MAX_ANNOTATION_NOTE = 2000;

export const annotationIdSchema = positiveId.describe('the annotation id');

export const annotationBodySchema = z
  .strictObject({
    startsAt: instant.describe('when it happened: an ISO 8601 date or date-time with a zone'),
    endsAt: instant
      .nullable()
      .optional()
      .describe('when a period (a visit, a summit) ended; leave out for an instant'),
    title: text(200).describe(
      'what the charts show beside the mark ("Xi in Moscow"), at most 200 characters',
    ),
    note: z
      .string({ error: 'expected a text value or null' })
      .trim()
      .max(MAX_ANNOTATION_NOTE, `expected at most ${MAX_ANNOTATION_NOTE} characters`)
      .refine((value) => !value.includes('\u0000'), 'must not contain a NUL character')
      .transform((value) => value || null)
      .nullable()
      .optional()
      .describe(`more words, at most ${MAX_ANNOTATION_NOTE} characters`),
    lens: text(100)
      .nullable()
      .optional()
      .describe("the lens whose charts draw it; leave out for every lens's"),
  })
  .superRefine((value, ctx) => {
    // Runs even when a field failed (zod reports every issue at once): compare only what parsed.
    if (!(value.startsAt instanceof Date) || !(value.endsAt instanceof Date)) return;
    if (value.endsAt.getTime() < value.startsAt.getTime())
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must not be earlier than startsAt' });
  });

export const annotationListQuerySchema = strictQuery({
  from: once(instant).optional().describe('annotations that reach this instant or later'),
  to: once(instant).optional().describe('annotations that start before this instant'),
  lens: once(text(100)).optional().describe("this lens's annotations and those of every lens (default: all)"),
  limit: once(wholeNumber(1, MAX_ANNOTATIONS))
    .optional()
    .describe(`at most this many, earliest first (default and most: ${MAX_ANNOTATIONS})`),
}).superRefine(orderedRange);
