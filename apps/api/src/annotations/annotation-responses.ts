import { z } from 'zod';
import { component, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON bodies of the annotation routes.

export const annotationSchema = component(
  'Annotation',
  z.strictObject({
    id: rowId,
    startsAt: jsonInstant,
    endsAt: jsonInstant.nullable().describe('null: an instant, not a period'),
    title: z.string(),
    note: z.string().nullable(),
    lens: z.string().nullable().describe("null: drawn on every lens's charts"),
    createdBy: z.string().describe('the name of the key that made it (admin for ADMIN_API_KEY)'),
    createdAt: jsonInstant,
  }),
);

export const annotationListResponse = z.strictObject({ annotations: z.array(annotationSchema) });
