import type { AddressGuard } from '../../../http/src/index.js';
import { webhookDeliveries } from '../../../metrics/src/index.js';
import { nextRetryDelayMs, type RetryPolicy } from './retry-schedule.js';
import { postWebhook, type SendOutcome } from './webhook-sender.js';
import { signWebhook } from './webhook-signature.js';
import type { DeliveryToSend, WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import type { WebhookEndpoint, WebhookEndpointRepository } from './webhook-endpoint.repository.js';

export interface DelivererOptions {
  guard: AddressGuard;
  timeoutMs: number;
  userAgent: string;
  retry: RetryPolicy;
}

/** What one attempt came to; `retry` carries the delay the queue must wait before the next one. */
export type AttemptResult =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'delivered'; statusCode: number }
  | { outcome: 'retry'; delayMs: number; error: string }
  | { outcome: 'failed'; error: string };

/**
 * Makes one attempt at a stored delivery and records it on the row: any 2xx delivers it (and it is
 * never sent again); 410 Gone disables the endpoint; a refused address fails it; anything else is
 * retried on the schedule, honouring Retry-After, until the round's attempts are spent.
 */
export class WebhookDeliverer {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly options: DelivererOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async attempt(deliveryId: number): Promise<AttemptResult> {
    const result = await this.attemptOnce(deliveryId);
    webhookDeliveries.inc({ outcome: result.outcome });
    return result;
  }

  private async attemptOnce(deliveryId: number): Promise<AttemptResult> {
    const delivery = await this.deliveries.forAttempt(deliveryId);
    if (!delivery) return { outcome: 'skipped', reason: 'no such delivery (its endpoint was deleted)' };
    if (delivery.status !== 'pending') return { outcome: 'skipped', reason: `already ${delivery.status}` };
    const endpoint = await this.endpoints.get(delivery.endpointId);
    const secret = await this.endpoints.signingSecret(delivery.endpointId);
    if (!endpoint || secret === null) return { outcome: 'skipped', reason: 'the endpoint was deleted' };
    const at = this.now();
    if (!endpoint.enabled) {
      const error = `endpoint ${endpoint.id} is disabled (${endpoint.disabledReason ?? 'no reason given'})`;
      await this.deliveries.recordFailed(delivery.id, { statusCode: null, error, at });
      return { outcome: 'failed', error };
    }
    const headers = signWebhook(secret, delivery.eventId, at, delivery.body);
    const sent = await postWebhook(endpoint.url, headers, delivery.body, this.options);
    return this.record(delivery, endpoint, sent, at);
  }

  private async record(
    delivery: DeliveryToSend,
    endpoint: WebhookEndpoint,
    sent: SendOutcome,
    at: Date,
  ): Promise<AttemptResult> {
    const statusCode = sent.kind === 'answered' ? sent.status : null;
    if (statusCode !== null && statusCode >= 200 && statusCode <= 299) {
      await this.deliveries.recordDelivered(delivery.id, { statusCode, error: null, at });
      return { outcome: 'delivered', statusCode };
    }
    const error = describe(sent);
    if (statusCode === 410) {
      await this.endpoints.disable(
        endpoint.id,
        `the receiver answered 410 Gone at ${at.toISOString()}; enable the endpoint again when it is back`,
      );
      return this.fail(delivery, { statusCode, error: `${error}; endpoint disabled`, at });
    }
    if (sent.kind === 'no-answer' && sent.blocked) return this.fail(delivery, { statusCode, error, at });
    const retryAfter = sent.kind === 'answered' ? sent.retryAfterSec : null;
    const attemptsInRound = delivery.attempts + 1 - delivery.roundStart;
    const delayMs = nextRetryDelayMs(attemptsInRound, retryAfter, this.options.retry);
    if (delayMs === null) {
      const spent = `${error} (gave up after ${attemptsInRound} attempts)`;
      return this.fail(delivery, { statusCode, error: spent, at });
    }
    await this.deliveries.recordRetry(
      delivery.id,
      { statusCode, error, at },
      new Date(at.getTime() + delayMs),
    );
    return { outcome: 'retry', delayMs, error };
  }

  private async fail(
    delivery: DeliveryToSend,
    attempt: { statusCode: number | null; error: string; at: Date },
  ): Promise<AttemptResult> {
    await this.deliveries.recordFailed(delivery.id, attempt);
    return { outcome: 'failed', error: attempt.error };
  }
}

function describe(sent: SendOutcome): string {
  if (sent.kind === 'no-answer') return sent.error;
  const parts = [`HTTP ${sent.status}`];
  if (sent.status >= 300 && sent.status <= 399) parts.push('(redirects are not followed)');
  if (sent.retryAfterSec !== null) parts.push(`(Retry-After ${sent.retryAfterSec} s)`);
  const text = sent.responseText.replace(/\s+/g, ' ').trim().slice(0, 200);
  return text ? `${parts.join(' ')}: ${text}` : parts.join(' ');
}
