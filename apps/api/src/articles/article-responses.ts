import { z } from 'zod';
import { STANCE_LABELS } from '../../../../libs/lens/src/index.js';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON bodies of the article routes, as the handlers send them.

/** The `:id` of an article route. */
export const articleIdSchema = z.coerce
  .number()
  .int()
  .positive('expected an article id (a positive whole number)')
  .max(2 ** 53);

const probability = z.number().min(0).max(1);
const signedScore = z.number().min(-1).max(1);

/** One score of an article, as `scoreView` shows it. */
export const scoreSchema = component(
  'Score',
  z.strictObject({
    model: z.strictObject({ id: z.string(), revision: z.string() }),
    stance: z.strictObject({
      label: z.enum(STANCE_LABELS),
      score: signedScore,
      probs: z.strictObject({ supportive: probability, neutral: probability, critical: probability }),
    }),
    sentiment: z.strictObject({
      label: z.enum(['negative', 'neutral', 'positive']),
      score: signedScore,
      model: z.string(),
    }),
    framing: z.strictObject({
      score: signedScore,
      probs: z.strictObject({ cooperation: probability, conflict: probability }),
      // The stance model, or the NLI model beside a trained stance classifier.
      model: z.string(),
    }),
    classifiedAt: jsonInstant,
  }),
);

export const articleListItemSchema = component(
  'ArticleListItem',
  z.strictObject({
    id: rowId,
    title: z.string().nullable(),
    url: z.string().nullable(),
    outlet: z.string(),
    country: z.string(),
    kind: z.string(),
    language: z.string().nullable(),
    feedId: rowId,
    publishedAt: jsonInstant,
    relevant: z.boolean(),
    matchedTerms: z.array(z.string()),
    gdeltTone: z
      .number()
      .nullable()
      .describe(
        "GDELT's document tone (GKG V1.5TONE, about -10 to +10) for articles imported from GKG; null otherwise",
      ),
    score: scoreSchema.nullable(),
  }),
);

export const articlePageResponse = component(
  'ArticlePage',
  z.strictObject({
    articles: z.array(articleListItemSchema),
    nextCursor: z.string().nullable(),
    query: z.strictObject({
      lens: z.string(),
      model: z.string(),
      from: jsonInstant.nullable(),
      to: jsonInstant.nullable(),
      feed: z.array(rowId),
      outlet: z.array(z.string()),
      country: z.array(z.string()),
      language: z.array(z.string()),
      kind: z.array(z.string()),
      q: z.string().nullable(),
      label: z.array(z.enum(STANCE_LABELS)),
      minScore: signedScore.nullable(),
      maxScore: signedScore.nullable(),
      relevant: z.boolean().nullable(),
      cursor: z.string().nullable(),
      limit: count,
    }),
  }),
);

export const articleDetailResponse = component(
  'ArticleDetail',
  z.strictObject({
    id: rowId,
    feedId: rowId,
    storyId: rowId.nullable(),
    guid: z.string().nullable(),
    url: z.string().nullable(),
    title: z.string().nullable(),
    summary: z.string().nullable(),
    author: z.string().nullable(),
    categories: z.array(z.string()),
    language: z.string().nullable(),
    publishedAt: jsonInstant,
    publishedAtSource: z
      .string()
      .describe(
        "published or updated (the outlet's date), fetched (none: when stancewatch saw it), indexed (an import dated by the archive's indexing)",
      ),
    isRelevant: z.boolean(),
    relevance: z.record(z.string(), z.array(z.string())).describe('matched terms per lens'),
    gdeltTone: z
      .number()
      .nullable()
      .describe(
        "GDELT's document tone (GKG V1.5TONE, about -10 to +10) for articles imported from GKG; null otherwise",
      ),
    outlet: z.string(),
    country: z.string(),
    kind: z.string(),
    fetchedAt: jsonInstant,
    scores: z.array(z.strictObject({ lens: z.string(), ...scoreSchema.shape })),
    terms: z
      .array(
        z.strictObject({
          lens: z.string(),
          field: z.enum(['title', 'summary']),
          start: z.int().nonnegative().describe('UTF-16 offset in the field where the term starts'),
          end: z.int().nonnegative().describe('UTF-16 offset just after it'),
          term: z.string().describe('the lens term as written in the lens'),
          group: z.enum(['sideA', 'sideB', 'bilateral']),
        }),
      )
      .describe(
        "every lens's terms found in title and summary by the lens's own matcher (what relevance used)",
      ),
    story: z
      .strictObject({
        copies: z.array(
          z.strictObject({
            id: rowId,
            title: z.string().nullable(),
            url: z.string().nullable(),
            outlet: z.string(),
            country: z.string(),
            language: z.string().nullable(),
            publishedAt: jsonInstant,
          }),
        ),
        alsoIn: z
          .array(z.string())
          .describe('other outlets whose feeds carried this very article (same URL)'),
      })
      .describe('other copies of the story: the same title under other URLs within a week (at most 50)'),
  }),
);

export const importResultResponse = component(
  'ImportResult',
  z.strictObject({
    received: count,
    imported: count,
    duplicates: count,
    skipped: count.describe('records passed over on purpose: GKG rows that are not web documents'),
    relevant: count,
    relevantByLens: z.record(z.string(), count),
    rejected: z.array(z.strictObject({ line: z.int().positive(), reason: z.string() })),
    classifyJobs: count.nullable().describe('classification jobs queued; null when queueing failed'),
    feeds: z.array(z.strictObject({ outlet: z.string(), feedId: rowId })),
    disagreements: z
      .array(
        z.strictObject({
          outlet: z.string(),
          field: z.enum(['country', 'language']),
          kept: z.string().describe("the outlet's value, from its first record (or its polled feed)"),
          count: count,
        }),
      )
      .describe('records of an outlet that gave another country or language than the one the outlet keeps'),
  }),
);
