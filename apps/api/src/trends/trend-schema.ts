import { z } from 'zod';
import { GROUP_BY, TREND_INTERVALS } from '../../../../libs/trends/src/index.js';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON body of GET /api/v1/trends: libs/trends' TrendResult as JSON.

/** A 95% interval, null where there are too few articles for one. */
const interval95 = z.tuple([z.number(), z.number()]).nullable();

const pair = z.tuple([z.number(), z.number()]);

const shareSchema = component(
  'Share',
  z.strictObject({
    share: z.number().min(0).max(1).nullable(),
    ci95: interval95,
    corrected: z
      .strictObject({ share: z.number().min(0).max(1), ci95: pair })
      .optional()
      .describe("with correction= when applied: the share corrected for the model's confusion"),
  }),
);

const classCounts = z.strictObject({ supportive: count, neutral: count, critical: count });
const rates = z.array(z.array(z.number()));

const correctionSchema = component(
  'TrendCorrection',
  z.strictObject({
    method: z.enum(['acc', 'pacc']),
    applied: z.boolean(),
    reason: z
      .string()
      .optional()
      .describe('why the shares were not corrected; the raw shares then stand alone'),
    minLabelsPerClass: count,
    labelCounts: z.strictObject({ all: classCounts, byLanguage: z.record(z.string(), classCounts) }),
    confusion: z.strictObject({
      pooled: z.strictObject({ rates, condition: z.number().nullable() }),
      byLanguage: z.record(
        z.string(),
        z.strictObject({
          uses: z.enum(['own', 'pooled']),
          rates: rates.optional(),
          condition: z.number().nullable().optional(),
          why: z.string().optional(),
        }),
      ),
      otherLanguages: z.literal('pooled'),
    }),
    description: z.string(),
  }),
);

const anomalyCheckSchema = component(
  'AnomalyCheck',
  z.strictObject({
    z: z.number().nullable(),
    flagged: z.boolean(),
    // Only on flagged points: the baseline they departed from.
    baselineMean: z.number().nullable().optional(),
    baselineSd: z.number().nullable().optional(),
  }),
);

export const trendPointSchema = component(
  'TrendPoint',
  z.strictObject({
    bucket: jsonInstant,
    n: count,
    stance: z.strictObject({
      mean: z.number().nullable(),
      ci95: interval95,
      corrected: z
        .strictObject({ mean: z.number().min(-1).max(1), ci95: pair, uncorrected: z.number().min(-1).max(1) })
        .optional()
        .describe(
          'with correction= when applied: corrected supportive minus corrected critical share, and the same difference uncorrected',
        ),
    }),
    shares: z.strictObject({ supportive: shareSchema, neutral: shareSchema, critical: shareSchema }),
    sentiment: z.strictObject({ mean: z.number().nullable() }),
    framing: z.strictObject({ mean: z.number().nullable() }),
    volume: z.strictObject({ all: count, attention: z.number().nullable() }),
    anomaly: z.strictObject({ stance: anomalyCheckSchema, volume: anomalyCheckSchema }),
  }),
);

export const trendSeriesSchema = component(
  'TrendSeries',
  z.strictObject({ key: z.string(), label: z.string().nullable(), points: z.array(trendPointSchema) }),
);

const trendQuerySchema = z.strictObject({
  lens: z.string(),
  model: z.string(),
  from: jsonInstant,
  to: jsonInstant,
  interval: z.enum(TREND_INTERVALS),
  tz: z.string(),
  groupBy: z.enum(GROUP_BY),
  filters: z.strictObject({
    feed: z.array(rowId),
    outlet: z.array(z.string()),
    country: z.array(z.string()),
    language: z.array(z.string()),
    kind: z.array(z.string()),
  }),
  k: z.number(),
  baseline: count,
  source: z.string().describe('which rollup (or the raw scores) served the trend'),
});

const intervalMethodSchema = component(
  'IntervalMethod',
  z.strictObject({
    method: z.enum(['student-t', 'wilson']),
    level: z.number().describe('the confidence level, 0.95'),
    description: z.string(),
  }),
);

/** `points` without `groupBy`, `series` with it. */
export const trendResponse = component(
  'Trend',
  z.strictObject({
    query: trendQuerySchema,
    anomaly: z.strictObject({ k: z.number(), baseline: count, method: z.string() }),
    intervals: z
      .strictObject({ stance: intervalMethodSchema, shares: intervalMethodSchema })
      .describe("what each point's ci95 is: stance.ci95 and shares.*.ci95"),
    correction: correctionSchema
      .optional()
      .describe('with correction=: how the shares were corrected, or why not'),
    points: z.array(trendPointSchema).optional(),
    series: z.array(trendSeriesSchema).optional(),
  }),
);

const figures = z.array(z.number().nullable());

const shareColumnsSchema = component(
  'ShareColumns',
  z.strictObject({
    share: figures,
    low: figures.describe('the lower ends of the 95% Wilson intervals; null where the interval is'),
    high: figures.describe('the upper ends'),
  }),
);

const anomalyColumnsSchema = component(
  'AnomalyColumns',
  z.strictObject({
    z: figures,
    flagged: z.array(count).describe('the indexes of the flagged buckets, in order'),
    baselineMean: figures.describe('for each flagged bucket, in the order of `flagged`: its baseline mean'),
    baselineSd: figures.describe("and its baseline's standard deviation"),
  }),
);

export const trendColumnsSchema = component(
  'TrendColumns',
  z
    .strictObject({
      n: z.array(count),
      stance: z.strictObject({
        mean: figures,
        low: figures.describe('the lower ends of the 95% intervals of the mean; null where the interval is'),
        high: figures.describe('the upper ends'),
      }),
      shares: z.strictObject({
        supportive: shareColumnsSchema,
        neutral: shareColumnsSchema,
        critical: shareColumnsSchema,
      }),
      sentiment: z.strictObject({ mean: figures }),
      framing: z.strictObject({ mean: figures }),
      volume: z.strictObject({ all: z.array(count), attention: figures }),
      anomaly: z.strictObject({ stance: anomalyColumnsSchema, volume: anomalyColumnsSchema }),
    })
    .describe(
      "one array per figure of TrendPoint, entry i for the response's buckets[i]: points[i].stance.ci95 is " +
        '[stance.low[i], stance.high[i]] (null when both are), and so for each share',
    ),
);

/** `shape=columns`: the figures of `Trend` as arrays, the buckets once. */
export const trendColumnsResponse = component(
  'TrendInColumns',
  z.strictObject({
    query: trendQuerySchema,
    anomaly: z.strictObject({ k: z.number(), baseline: count, method: z.string() }),
    intervals: z.strictObject({ stance: intervalMethodSchema, shares: intervalMethodSchema }),
    buckets: z.array(jsonInstant).describe('the start of every bucket, shared by every series'),
    columns: trendColumnsSchema.optional().describe('without groupBy'),
    series: z
      .array(
        component(
          'TrendColumnSeries',
          z.strictObject({ key: z.string(), label: z.string().nullable(), columns: trendColumnsSchema }),
        ),
      )
      .optional()
      .describe('with groupBy'),
  }),
);

/** What GET /api/v1/trends answers in JSON: points by default, columns with shape=columns. */
export const trendResponses = z.union([trendResponse, trendColumnsResponse]);
