import { z } from 'zod';
import { EVENT_TYPES } from '../../../../libs/alerts/src/index.js';

export const webhookIdSchema = z.coerce
  .number()
  .int()
  .positive('expected an id (a positive whole number)')
  .max(2 ** 53);

const eventTypes = z
  .array(z.enum(EVENT_TYPES, { error: `expected event types among ${EVENT_TYPES.join(', ')}` }))
  .max(EVENT_TYPES.length)
  .describe('the event types this endpoint receives; empty or absent: every type');

// Postgres text cannot hold NUL, and no URL or description needs control characters.
const noControl = (value: string) => ![...value].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f');

const description = z
  .string({ error: 'expected a text value' })
  .trim()
  .max(500, 'expected at most 500 characters')
  .refine(noControl, 'expected text without control characters');

export const webhookCreateSchema = z
  .object({
    url: z
      .string({ error: 'expected the URL events are POSTed to' })
      .trim()
      .min(1, 'expected the URL events are POSTed to')
      .max(2000, 'expected at most 2000 characters')
      .refine(noControl, 'expected a URL without control characters')
      .describe('http(s) URL; it must not resolve to a private, loopback or metadata address'),
    eventTypes: eventTypes.default([]),
    slack: z
      .boolean({ error: 'expected true or false' })
      .default(false)
      .describe('send a Slack-compatible `{"text": ...}` body instead of the event object'),
    description: description.optional(),
  })
  .strict();

export const webhookPatchSchema = z
  .object({
    enabled: z.boolean({ error: 'expected true or false' }).optional(),
    eventTypes: eventTypes.optional(),
    description: description.nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'give at least one of enabled, eventTypes, description');

export const deliveryListQuerySchema = z
  .object({
    limit: z.coerce
      .number({ error: 'expected a whole number from 1 to 200' })
      .int('expected a whole number from 1 to 200')
      .min(1, 'expected a whole number from 1 to 200')
      .max(200, 'expected a whole number from 1 to 200')
      .default(50)
      .describe('how many of the latest deliveries (newest first)'),
  })
  .strict();
