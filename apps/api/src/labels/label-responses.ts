import { z } from 'zod';
import { STANCE_LABELS } from '../../../../libs/lens/src/index.js';
import { SAMPLE_STRATA } from '../../../../libs/scoring/src/index.js';
import { scoreSchema } from '../articles/article-responses.js';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON bodies of the label routes, as the handlers send them.

const stanceLabel = z.enum(STANCE_LABELS);

export const storedLabelSchema = component(
  'Label',
  z.strictObject({
    articleId: rowId,
    lens: z.string(),
    annotator: z.string().describe("the API key's name, `admin` for ADMIN_API_KEY, or the CLI's --annotator"),
    label: stanceLabel,
    note: z.string().nullable(),
    labelledAt: jsonInstant,
  }),
);

export const listedLabelSchema = component(
  'ListedLabel',
  z.strictObject({
    ...storedLabelSchema.shape,
    url: z.string().nullable(),
    title: z.string().nullable(),
    outlet: z.string(),
    kind: z.string(),
    language: z.string().nullable(),
  }),
);

export const labelPageResponse = component(
  'LabelPage',
  z.strictObject({
    labels: z.array(listedLabelSchema),
    nextCursor: z.string().nullable(),
    query: z.strictObject({
      lens: z.string().nullable(),
      article: rowId.nullable(),
      annotator: z.string().nullable(),
      from: jsonInstant.nullable(),
      to: jsonInstant.nullable(),
      cursor: z.string().nullable(),
      limit: count,
    }),
  }),
);

export const labelSampleResponse = component(
  'LabelSample',
  z.strictObject({
    sample: z.strictObject({
      lens: z.string(),
      model: z.string(),
      annotator: z.string().describe('whose labels the drawn articles do not have yet'),
      seed: z.string().describe('pass it again to draw the same sample'),
      n: count.describe('articles asked for'),
      stratify: z.enum(SAMPLE_STRATA).nullable(),
      eligible: count.describe('articles scored for the lens and model that the annotator has not labelled'),
      strata: z.array(z.strictObject({ key: z.string(), eligible: count, drawn: count })),
    }),
    articles: z.array(
      z.strictObject({
        id: rowId,
        title: z.string().nullable(),
        summary: z.string().nullable(),
        url: z.string().nullable(),
        outlet: z.string(),
        country: z.string(),
        kind: z.string(),
        language: z.string().nullable(),
        publishedAt: jsonInstant,
        stratum: z.string(),
        score: scoreSchema.nullable(),
      }),
    ),
  }),
);

const classCounts = z.strictObject({ supportive: count, neutral: count, critical: count });

export const labelSummaryResponse = component(
  'LabelSummary',
  z.strictObject({
    lens: z.string(),
    labels: count.describe("labels stored, each annotator's latest per article"),
    articles: count.describe('articles with at least one label'),
    annotators: z.array(z.strictObject({ annotator: z.string(), labels: count })),
    gold: classCounts.describe("gold labels per class: each article's majority label"),
    disputed: count.describe('articles whose annotators tie: no gold label, left out of every figure'),
    byLanguage: z
      .record(z.string(), z.strictObject({ ...classCounts.shape, disputed: count }))
      .describe('gold labels per class and disputed articles per article language (`unknown` without one)'),
    agreement: z
      .strictObject({
        alpha: z.number().nullable().describe("Krippendorff's alpha (nominal); null when undefined"),
        units: count.describe('articles labelled by two or more annotators'),
        values: count.describe('labels in those articles'),
        annotators: count.describe('most annotators of one article'),
        reason: z.string().optional().describe('why alpha is null'),
      })
      .describe('inter-annotator agreement over the articles labelled more than once'),
  }),
);
