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

export const modelListResponse = z.strictObject({ models: z.array(modelInfoSchema) });
