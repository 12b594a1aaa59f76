import { z } from 'zod';
import { component, count } from '../http/zod-openapi.js';
import { labelSummaryResponse } from '../labels/label-responses.js';

// The JSON body of GET /api/v1/validation: libs/scoring's Validation as JSON.

const ratio = z.number().min(0).max(1);
const byClass = <S extends z.ZodType>(value: S) =>
  z.strictObject({ supportive: value, neutral: value, critical: value });

const classMetricsSchema = z.strictObject({
  precision: ratio,
  recall: ratio,
  f1: ratio,
  support: count.describe('articles whose gold label is the class'),
  predicted: count.describe('articles the model gave the class'),
});

export const validationFiguresSchema = component(
  'ValidationFigures',
  z.strictObject({
    n: count.describe('labelled articles (with a gold label) the model scored'),
    correct: count,
    accuracy: ratio.nullable(),
    macroF1: z.strictObject({ value: ratio.nullable(), ci95: z.tuple([ratio, ratio]).nullable() }),
    perClass: byClass(classMetricsSchema),
    confusion: byClass(byClass(count)).describe('gold label → predicted label → articles'),
    calibration: z.strictObject({
      ece: ratio.nullable().describe('expected calibration error of the top label probability'),
      brier: z.number().min(0).max(2).nullable().describe('multi-class Brier score'),
      bins: z.array(
        z.strictObject({
          from: ratio,
          to: ratio,
          n: count,
          confidence: ratio.nullable(),
          accuracy: ratio.nullable(),
        }),
      ),
    }),
  }),
);

export const validationResponse = component(
  'Validation',
  z.strictObject({
    lens: z.string(),
    model: z.string(),
    annotator: z
      .string()
      .nullable()
      .describe("only this annotator's labels, or null for every annotator's majority"),
    ...validationFiguresSchema.shape,
    disputed: count.describe('articles whose annotators tie: no gold label, left out'),
    unscored: count.describe('articles with a gold label the model has not scored: left out'),
    byLanguage: z
      .record(z.string(), validationFiguresSchema)
      .describe('per article language, `unknown` without one'),
    byKind: z.record(z.string(), validationFiguresSchema).describe('per kind of outlet'),
    agreement: labelSummaryResponse.shape.agreement,
    models: z
      .array(z.strictObject({ model: z.string(), scored: count }))
      .describe('every model that scored labelled articles of the lens: each can be validated with model='),
    heldOut: z
      .strictObject({
        trainedOn: count.describe('articles the trained classifier was fitted on'),
        leftOut: count.describe(
          'labelled articles left out of every figure above because it was trained on them',
        ),
        baseline: z.strictObject({
          model: z.string(),
          n: count,
          accuracy: ratio.nullable(),
          macroF1: ratio.nullable(),
        }),
      })
      .nullable()
      .describe(
        'for a classifier trained from these labels (trained/NAME): its figures are on held-out articles only, and the zero-shot model is validated on the same ones',
      ),
    methods: z.record(z.string(), z.string()).describe('how each figure is computed, in words'),
  }),
);
