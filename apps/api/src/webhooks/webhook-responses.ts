import { z } from 'zod';
import { component, count, jsonInstant, rowId } from '../http/zod-openapi.js';

// The JSON bodies of the webhook routes: endpoints (never their secret, but once) and deliveries.

export const webhookEndpointSchema = component(
  'WebhookEndpoint',
  z.strictObject({
    id: rowId,
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()).describe('the event types it receives; empty means every type'),
    slack: z.boolean(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: jsonInstant,
  }),
);

export const registeredWebhookResponse = component(
  'RegisteredWebhook',
  z.strictObject({
    ...webhookEndpointSchema.shape,
    secret: z.string().describe('the signing secret (`whsec_…`), shown this once'),
  }),
);

export const webhookListResponse = z.strictObject({ webhooks: z.array(webhookEndpointSchema) });

export const webhookDeliverySchema = component(
  'WebhookDelivery',
  z.strictObject({
    id: rowId,
    endpointId: rowId,
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: count,
    lastStatusCode: z.int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: jsonInstant.nullable(),
    nextAttemptAt: jsonInstant.nullable(),
    deliveredAt: jsonInstant.nullable(),
    createdAt: jsonInstant,
  }),
);

export const deliveryListResponse = z.strictObject({ deliveries: z.array(webhookDeliverySchema) });

export const testQueuedResponse = z.strictObject({ deliveryId: rowId, eventId: z.string() });
