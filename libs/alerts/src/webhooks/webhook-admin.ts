import type { AddressGuard } from '../../../http/src/index.js';
import { testEvent } from './alert-event.js';
import type { DeliveryQueue } from './delivery-queue.js';
import type { EventDispatcher } from './event-dispatcher.js';
import type { WebhookDelivery, WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import type {
  NewWebhookEndpoint,
  WebhookEndpoint,
  WebhookEndpointRepository,
} from './webhook-endpoint.repository.js';
import { generateWebhookSecret } from './webhook-signature.js';
import { assertWebhookUrl } from './webhook-url-guard.js';

/** A request that cannot be done in the endpoint's or delivery's present state (an HTTP 409). */
export class WebhookConflictError extends Error {}

/** An endpoint or delivery that does not exist (an HTTP 404). */
export class WebhookNotFoundError extends Error {}

/** What people do with webhooks, through the API or the command line. */
export class WebhookAdmin {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly dispatcher: EventDispatcher,
    private readonly queue: DeliveryQueue,
    private readonly guard: AddressGuard,
    private readonly dashboardUrl: string,
  ) {}

  /**
   * Registers an endpoint after checking its URL against the SSRF guard; the secret is returned
   * here and never again. Throws WebhookUrlError for a URL that may not be used.
   */
  async register(endpoint: NewWebhookEndpoint): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await assertWebhookUrl(endpoint.url, this.guard);
    const secret = generateWebhookSecret();
    return { endpoint: await this.endpoints.create(endpoint, secret), secret };
  }

  async endpoint(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint) throw new WebhookNotFoundError(`no webhook endpoint with id ${id}`);
    return endpoint;
  }

  /** Queues a `test` event for one enabled endpoint; the worker delivers it. */
  async sendTest(id: number): Promise<{ deliveryId: number; eventId: string }> {
    const endpoint = await this.endpoint(id);
    if (!endpoint.enabled)
      throw new WebhookConflictError(
        `webhook endpoint ${id} is disabled (${endpoint.disabledReason ?? 'no reason given'}); enable it first`,
      );
    const event = testEvent(endpoint.id, this.dashboardUrl);
    return { deliveryId: await this.dispatcher.sendTo(endpoint, event), eventId: event.id };
  }

  async deliveriesOf(id: number, limit: number): Promise<WebhookDelivery[]> {
    await this.endpoint(id);
    return this.deliveries.listForEndpoint(id, limit);
  }

  /**
   * Sends a delivery again with the same webhook-id and body. A delivered or failed one starts a new
   * round (the retry schedule from the start); a pending one waiting for its next retry goes now.
   */
  async redeliver(deliveryId: number): Promise<WebhookDelivery> {
    const delivery = await this.deliveries.get(deliveryId);
    if (!delivery) throw new WebhookNotFoundError(`no webhook delivery with id ${deliveryId}`);
    const endpoint = await this.endpoint(delivery.endpointId);
    if (!endpoint.enabled)
      throw new WebhookConflictError(`webhook endpoint ${endpoint.id} is disabled; enable it first`);
    const round = (await this.deliveries.startRound(deliveryId)) ?? (await this.deliveries.round(deliveryId));
    if (!round) throw new WebhookNotFoundError(`no webhook delivery with id ${deliveryId}`);
    if (!(await this.queue.promote(round))) await this.queue.enqueue([round]);
    return (await this.deliveries.get(deliveryId)) ?? delivery;
  }
}
