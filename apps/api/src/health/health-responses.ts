import { z } from 'zod';

// The JSON bodies of /healthz and /readyz (a failing /readyz is a 503 problem).

export const healthResponse = z.strictObject({ status: z.literal('ok') });

export const readinessResponse = z.strictObject({
  status: z.literal('ok'),
  checks: z.array(z.strictObject({ name: z.string(), ok: z.boolean(), error: z.string().nullable() })),
});
