import { z } from 'zod';
import { component, jsonInstant } from '../http/zod-openapi.js';

// The JSON body of GET /api/v1/models.

export const modelInfoSchema = component(
  'ModelInfo',
  z.strictObject({
    task: z.enum(['stance', 'stance-multilingual', 'sentiment']),
    id: z.string().describe('what `model` selects in the other routes'),
    revision: z.string(),
    dtype: z.string(),
    labels: z.array(z.string()).nullable().describe('null until a classify worker has loaded the model'),
    builtin: z.boolean(),
    loaded: z.boolean(),
    lastLoadedAt: jsonInstant.nullable(),
  }),
);

const scores = z.strictObject({ n: z.number().int(), accuracy: z.number(), macroF1: z.number() });
const crossValidated = scores.extend({
  byLanguage: z.record(z.string(), scores),
  perFold: z.array(z.number()).describe('macro-F1 of each outer fold'),
});

export const trainedModelSchema = component(
  'TrainedModel',
  z.strictObject({
    id: z.string().describe('trained/NAME: what `model` selects in the other routes'),
    lens: z.string(),
    encoder: z.strictObject({
      id: z.string(),
      revision: z.string(),
      dtype: z.string(),
      builtin: z.boolean(),
    }),
    builtin: z.boolean().describe('trained on the built-in encoder: a stand-in, not for analysis'),
    labels: z.strictObject({
      total: z.number().int(),
      byClass: z.record(z.string(), z.number().int()),
      byLanguage: z.record(z.string(), z.number().int()),
    }),
    folds: z.number().int(),
    trainedAt: z.string(),
    crossValidated: z
      .strictObject({
        trained: crossValidated,
        baseline: crossValidated
          .extend({ model: z.strictObject({ id: z.string(), revision: z.string() }) })
          .nullable(),
      })
      .describe('nested k-fold figures at training time, beside the zero-shot model on the same texts'),
    loaded: z.boolean().describe('a classify worker or reclassify has scored with it'),
    lastLoadedAt: jsonInstant.nullable(),
  }),
);

export const modelListResponse = z.strictObject({
  models: z.array(modelInfoSchema),
  trained: z.array(trainedModelSchema).describe('the trained classifiers under MODEL_LOCAL_DIR/trained'),
});
